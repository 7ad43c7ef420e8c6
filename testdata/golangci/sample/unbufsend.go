package sample

import (
	"context"
	"time"
)

func slow() int {
	time.Sleep(time.Second)
	return 42
}

// Once ctx is done nobody receives from results: the goroutine blocks on
// its send forever.
func fetch(ctx context.Context) (int, error) {
	results := make(chan int)
	go func() {
		results <- slow() // want unbufsend
	}()
	select {
	case r := <-results:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Ok: with a buffer of 1 the send completes even when nobody receives.
func fetchBuffered(ctx context.Context) (int, error) {
	results := make(chan int, 1)
	go func() {
		results <- slow()
	}()
	select {
	case r := <-results:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
