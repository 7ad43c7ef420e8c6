package a

import (
	"sync/atomic"

	"lib"
)

// OK: only the last goroutine to arrive sends (runtime's proc_test): the
// one receive takes the only send. "The first answer wins" needs every
// goroutine to send.
func lastOneSends(procs int) {
	done := make(chan bool)
	var n atomic.Int32
	for p := 0; p < procs; p++ {
		go func() {
			if n.Add(1) == int32(procs) {
				done <- true
				return
			}
			for n.Load() != int32(procs) {
			}
		}()
	}
	<-done
}

// OK (deliberately): lib.Produce sends once, but a summary from another
// package says only that it may send, not that it always does, so whether
// every goroutine is a sender is unknown.
func otherPackageFirstWins(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go lib.Produce(ch)
	}
	return <-ch
}
