// Package unbufsend shows the classic timeout leak: the worker's send
// blocks forever once the caller has stopped waiting.
package unbufsend

import (
	"context"
	"time"
)

// Fetch gives up after a second, but the goroutine it started does not.
func Fetch(ctx context.Context, get func() string) (string, error) {
	results := make(chan string)
	go func() {
		results <- get()
	}()
	select {
	case r := <-results:
		return r, nil
	case <-time.After(time.Second):
		return "", context.DeadlineExceeded
	}
}
