package a

import (
	"context"
	"sync/atomic"
)

// stopTwice calls a func literal that closes done twice.
func stopTwice() {
	done := make(chan struct{})
	stop := func() { close(done) }
	stop()
	stop() // want `close of done panics: done is already closed at line [0-9]+ on this path`
}

// stopOnceAtomic: the literal closes only for the caller that wins the swap.
func stopOnceAtomic() {
	done := make(chan struct{})
	var stopped atomic.Bool
	stop := func() {
		if stopped.CompareAndSwap(false, true) {
			close(done)
		}
	}
	stop()
	stop()
}

// labeledBreak leaves the loop after closing.
func labeledBreak(ctx context.Context, in <-chan int, out chan int) { // want labeledBreak:`closes p2`
loop:
	for {
		select {
		case <-ctx.Done():
			close(out)
			break loop
		case v := <-in:
			out <- v
		}
	}
}

// producer owns the close; the parent only ranges.
func producer(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// closeAfterRangeLoop closes once, after the loop.
func closeAfterRangeLoop(in <-chan int, out chan int) { // want closeAfterRangeLoop:`closes p1`
	for v := range in {
		out <- v
	}
	close(out)
}

// closeInRangeBody closes out for every value received.
func closeInRangeBody(in <-chan int, out chan int) {
	for v := range in {
		_ = v
		close(out) // want `close of out in the loop at line [0-9]+ runs again on the next iteration and panics`
	}
}
