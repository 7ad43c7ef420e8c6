package main

import (
	"context"
	"testing"
	"time"
)

// Tests are exempt: they own their contexts.
func helper(ctx context.Context) {
	work(context.Background())
	c, _ := context.WithTimeout(ctx, time.Second)
	work(c)
}

func TestRun(t *testing.T) {
	helper(context.Background())
}
