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
