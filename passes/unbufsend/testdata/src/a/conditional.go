package a

import "sync/atomic"

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
