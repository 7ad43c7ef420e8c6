package lib

import "context"

// Produce sends once.
func Produce(ch chan<- int) {
	ch <- 1
}

// ProducePolite gives up on cancellation.
func ProducePolite(ctx context.Context, ch chan<- int) {
	select {
	case ch <- 1:
	case <-ctx.Done():
	}
}

var kept chan int

// Keep keeps the channel.
func Keep(ch chan int) {
	kept = ch
}

// Count is a generator: its goroutine sends 0..n-1 and closes.
func Count(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- i
		}
	}()
	return out
}

// CountCtx is a polite generator: it stops when ctx is done.
func CountCtx(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			select {
			case out <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Drain receives until ch is closed.
func Drain(ch <-chan int) {
	for range ch {
	}
}

// Recv receives once from ch.
func Recv(ch <-chan int) int { return <-ch }

// Signal sends on ch, once.
func Signal(ch chan<- struct{}) { ch <- struct{}{} }
