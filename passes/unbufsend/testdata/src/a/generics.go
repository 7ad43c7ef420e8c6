package a

import "context"

// Generic element type: the same leak.
func firstOf[T any](ctx context.Context, f func() T) (T, error) {
	ch := make(chan T)
	go func() { ch <- f() }() // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on ctx.Done\(\)`
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// OK: generic, buffered.
func firstOfBuffered[T any](ctx context.Context, f func() T) (T, error) {
	ch := make(chan T, 1)
	go func() { ch <- f() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Channel type as a type parameter.
func viaTypeParam[C ~chan int](ctx context.Context) int {
	ch := make(C)
	go func() { ch <- 1 }() // want `returns on ctx.Done\(\)`
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
