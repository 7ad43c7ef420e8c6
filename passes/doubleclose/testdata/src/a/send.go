package a

import "context"

// sendAfterClose panics on the send.
func sendAfterClose() {
	ch := make(chan int, 1)
	close(ch)
	ch <- 1 // want `send on ch panics: ch is already closed at line [0-9]+ on this path`
}

// sendBeforeClose is the right order.
func sendBeforeClose() {
	ch := make(chan int, 1)
	ch <- 1
	close(ch)
}

// sendOnOtherPath: the closing path returns.
func sendOnOtherPath(cond bool) {
	ch := make(chan int, 1)
	if cond {
		close(ch)
		return
	}
	ch <- 1
}

// selectSendAfterClose: a select send on a closed channel panics when chosen.
func selectSendAfterClose(ctx context.Context, ch chan int) { // want selectSendAfterClose:`closes p1`
	close(ch)
	select {
	case ch <- 1: // want `send on ch panics: ch is already closed at line [0-9]+ on this path`
	case <-ctx.Done():
	}
}

// deferCloseThenSend: the deferred close runs after the send.
func deferCloseThenSend() {
	ch := make(chan int, 1)
	defer close(ch)
	ch <- 1
}

// sendAfterRepoint sends on a new channel.
func sendAfterRepoint() {
	ch := make(chan int, 1)
	close(ch)
	ch = make(chan int, 1)
	ch <- 1
}
