// Package main: main and init own the root context.
package main

import (
	"context"
	"time"
)

func work(context.Context) error { return nil }

func init() {
	ctx, _ := context.WithTimeout(context.Background(), time.Second)
	work(ctx)
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	if work(ctx) != nil {
		return
	}
	cancel()
	run(ctx)
}

// run is an ordinary function of package main: it is checked.
func run(ctx context.Context) {
	work(context.Background()) // want `context.Background\(\) passed to work drops ctx`
}
