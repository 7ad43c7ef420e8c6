package sum

import "context"

// Produce sends on its parameter in the caller's goroutine.
func Produce(ch chan<- int) { // want Produce:"chanflow\\(p0=sends\\)"
	ch <- 1
}

// Drain receives until close.
func Drain(ch <-chan int) { // want Drain:"chanflow\\(p0=recvs\\)"
	for range ch {
	}
}

// Closer closes its parameter.
func Closer(ch chan int) { // want Closer:"chanflow\\(p0=closes\\)"
	close(ch)
}

// Spawn starts a goroutine that sends, through a same-package helper.
func Spawn(ch chan int) { // want Spawn:"chanflow\\(p0=sendsInGo\\)"
	go Produce(ch)
}

// Polite sends but gives up on cancellation.
func Polite(ctx context.Context, ch chan int) { // want Polite:"chanflow\\(p1=sendsGuarded\\)"
	select {
	case ch <- 1:
	case <-ctx.Done():
	}
}

// Keep lets the channel escape.
var kept chan int

func Keep(ch chan int) { // want Keep:"chanflow\\(p0=escapes\\)"
	kept = ch
}

// Gen is a generator.
func Gen(n int) <-chan int { // want Gen:"chanflow\\(r0=gen\\(cap 0, sendsInGo\\|closesInGo\\|repeats\\)\\)"
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- i
		}
	}()
	return out
}

// Loop closes in a loop.
func Loop(ch chan int, n int) { // want Loop:"chanflow\\(p0=closes\\|closesTwice\\)"
	for i := 0; i < n; i++ {
		close(ch)
	}
}

func nothing(ch chan int) {}
