package a

// The receive comes after the send in the same goroutine.
func selfDeadlock() int {
	ch := make(chan int)
	ch <- 1 // want `send on unbuffered channel ch blocks forever: its only receives run in this same goroutine \(line [0-9]+\); give ch a buffer or receive in another goroutine`
	return <-ch
}

// OK: buffered, the send completes.
func selfBuffered() int {
	ch := make(chan int, 1)
	ch <- 1
	return <-ch
}

// OK: another goroutine receives.
func otherGoroutine() {
	ch := make(chan int)
	go func() { <-ch }()
	ch <- 1
}

// OK: the send is in a select with a default.
func trySend() {
	ch := make(chan int)
	select {
	case ch <- 1:
	default:
	}
}

// Nothing at all receives.
func sendNoReceiver() {
	ch := make(chan int)
	ch <- 1 // want `send on unbuffered channel ch blocks forever: nothing ever receives from it`
}

// OK for this analyzer: the send panics on the closed channel (doubleclose
// reports it), it does not block.
func sendAfterClose() {
	ch := make(chan int)
	close(ch)
	ch <- 1
}

func put(ch chan int) { ch <- 1 }

// The helper sends in this goroutine: the receive after it never runs.
func selfDeadlockViaHelper() int {
	ch := make(chan int)
	put(ch) // want `send on unbuffered channel ch blocks forever: its only receives run in this same goroutine`
	return <-ch
}
