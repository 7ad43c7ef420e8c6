package a

import (
	"context"
	"lib"
)

// Three sends into a buffer of two, the receiver started after them.
func overfillThenReceive() {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	ch <- 3 // want `goroutine leaks: send on channel ch \(buffer 2\) blocks forever: the sends at lines 11 and 12 already fill its buffer, and nothing can receive from it before the goroutine that uses it is started at line 14; start the receiver before sending, or give ch a larger buffer`
	go func() {
		for v := range ch {
			_ = v
		}
	}()
}

// OK: the receiver is started first.
func receiverFirst() {
	ch := make(chan int, 2)
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	ch <- 1
	ch <- 2
	ch <- 3
	close(ch)
}

// OK: exactly as many sends as the buffer holds.
func exactlyFull() []int {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	ch <- 3
	close(ch)
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// Nothing receives at all.
func overfillNoReceiver() {
	done := make(chan struct{}, 1)
	done <- struct{}{}
	done <- struct{}{} // want `send on channel done \(buffer 1\) blocks forever: the send at line 52 already fills its buffer, and nothing ever receives from it`
}

// The receive comes later in the same goroutine.
func overfillSelfReceive() int {
	ch := make(chan int, 1)
	ch <- 1
	ch <- 2 // want `send on channel ch \(buffer 1\) blocks forever: the send at line 59 already fills its buffer, and nothing can receive from it before the receive at line 61`
	return <-ch + <-ch
}

// OK: the second send is in a select with a default: it gives up.
func overfillTrySend() {
	ch := make(chan int, 1)
	ch <- 1
	select {
	case ch <- 2:
	default:
	}
	go func() { <-ch }()
}

// OK: the sends are on different paths; at most one runs.
func overfillDifferentPaths(c bool) {
	ch := make(chan int, 1)
	if c {
		ch <- 1
	} else {
		ch <- 2
	}
	go func() { <-ch }()
}

// OK: a receive between the sends drains the buffer.
func overfillDrained() int {
	ch := make(chan int, 1)
	ch <- 1
	x := <-ch
	ch <- 2
	return x + <-ch
}

// OK: the receive may come between them on some path.
func overfillMaybeDrained(c bool) int {
	ch := make(chan int, 1)
	ch <- 1
	x := 0
	if c {
		x = <-ch
	}
	ch <- 2
	go func() { <-ch }()
	return x
}

// OK: guarded by len: the second send runs only while there is room.
func overfillLenGuard() {
	ch := make(chan int, 1)
	ch <- 1
	if len(ch) < cap(ch) {
		ch <- 2
	}
	go func() { <-ch }()
}

// A loop with a constant trip count past the buffer.
func overfillLoop() <-chan int {
	ch := make(chan int, 2)
	for i := 0; i < 3; i++ {
		ch <- i // want `send on channel ch \(buffer 2\) blocks forever: the loop runs it 3 times, and nothing can receive from it before it is returned at line 124`
	}
	return ch
}

// OK: the loop fits the buffer.
func overfillLoopFits() <-chan int {
	ch := make(chan int, 3)
	for i := range 3 {
		ch <- i
	}
	close(ch)
	return ch
}

// One send before a loop of two, buffer two.
func overfillLoopAfterSend() <-chan int {
	ch := make(chan int, 2)
	ch <- -1
	for range 2 {
		ch <- 0 // want `the loop runs it 2 times after the send at line 140`
	}
	return ch
}

// OK: the loop's bound is not a constant.
func overfillLoopUnknown(n int) <-chan int {
	ch := make(chan int, 2)
	for i := 0; i < n; i++ {
		ch <- i
	}
	return ch
}

// OK: the loop can stop early.
func overfillLoopBreak(ctx context.Context) <-chan int {
	ch := make(chan int, 2)
	for i := 0; i < 3; i++ {
		if ctx.Err() != nil {
			break
		}
		ch <- i
	}
	return ch
}

// OK: the channel is handed to a receiving helper in another package
// (facts) before the sends.
func overfillHelperReceives() {
	ch := make(chan int, 1)
	go lib.Drain(ch)
	ch <- 1
	ch <- 2
}

// The helper in another package only sends (facts): it does not drain.
// (Its send is not counted: a helper's send may be conditional.)
func overfillHelperSends() {
	ch := make(chan int, 1)
	lib.Produce(ch)
	ch <- 1
	ch <- 2 // want `send on channel ch \(buffer 1\) blocks forever: the send at line 182 already fills its buffer, and nothing can receive from it before the goroutine that uses it is started at line 184`
	go lib.Drain(ch)
}

// OK: the channel escapes to code we cannot see before the sends.
func overfillEscaped() {
	ch := make(chan int, 1)
	lib.Keep(ch)
	ch <- 1
	ch <- 2
}

// Generic element type: the same count.
func overfillGeneric[T any](a, b T) <-chan T {
	ch := make(chan T, 1)
	ch <- a
	ch <- b // want `send on channel ch \(buffer 1\) blocks forever`
	return ch
}

// OK: a channel made in each pass of a loop, filled to its buffer each
// time.
func overfillPerPass(xs []int) {
	for _, x := range xs {
		ch := make(chan int, 1)
		ch <- x
		go func() { <-ch }()
	}
}

// A channel made in each pass, overfilled in each pass.
func overfillEachPass(xs []int) {
	for _, x := range xs {
		ch := make(chan int, 1)
		ch <- x
		ch <- x // want `send on channel ch \(buffer 1\) blocks forever: the send at line 217 already fills its buffer, and nothing can receive from it before the goroutine that uses it is started at line 219`
		go func() { <-ch }()
	}
}

func putOne(ch chan<- int) { ch <- 1 }

func putMaybe(ch chan<- int, c bool) {
	if c {
		ch <- 1
	}
}

// A helper of this package sends on every path: it counts.
func overfillViaHelper() {
	ch := make(chan int, 1)
	putOne(ch)
	ch <- 2 // want `send on channel ch \(buffer 1\) blocks forever: the send at line 234 already fills its buffer`
	go func() { <-ch }()
}

// OK: the helper sends only sometimes.
func overfillViaMaybeHelper(c bool) {
	ch := make(chan int, 1)
	putMaybe(ch, c)
	ch <- 2
	go func() { <-ch }()
}
