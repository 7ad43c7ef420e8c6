// Package ordering holds runtime.Gosched calls used to order goroutines.
package ordering

import (
	"runtime"
	"sync"
	"time"
)

func serve() {}
func dial()  {}

// Gosched does not wait for the server goroutine to start.
func startThenDial() {
	go serve()
	runtime.Gosched() // want `runtime.Gosched does not wait for the goroutine started at line \d+`
	dial()
}

// Between two go statements, it orders nothing either.
func twoGoroutines() {
	go serve()
	runtime.Gosched() // want `runtime.Gosched does not wait for the goroutine started at line \d+`
	go dial()
}

// At the end of main-like code, the goroutine may never run.
func lastWords() {
	go func() { println("bye") }()
	runtime.Gosched() // want `runtime.Gosched does not wait`
}

// Gosched is not a memory barrier.
func barrier() int {
	result := 0
	go func() {
		result = 42
	}()
	runtime.Gosched() // want `runtime.Gosched is not a memory barrier: the read of result at line \d+ races with the write at line \d+ in the goroutine started at line \d+`
	return result
}

var status int

// Also for a package variable the goroutine writes.
func barrierGlobal() int {
	go func() { status = 1 }()
	x := 1
	runtime.Gosched() // want `runtime.Gosched is not a memory barrier: the read of status`
	return status + x
}

// Not a bug: what follows waits for the goroutine; the Gosched is merely
// redundant.
func redundant() {
	done := make(chan struct{})
	go func() { close(done) }()
	runtime.Gosched()
	<-done
}

// Not a bug: the read is ordered by the WaitGroup.
func waited() int {
	var wg sync.WaitGroup
	result := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		result = 42
	}()
	runtime.Gosched()
	wg.Wait()
	return result
}

// Not a bug: no goroutine was started; yielding is a scheduling hint.
func hint() {
	runtime.Gosched()
	dial()
}

// Not a bug: the goroutine was started earlier, and work came in between.
func unrelated() {
	go serve()
	dial()
	runtime.Gosched()
}

func worker(int) {}

// In a loop too: each Gosched right after a go statement orders nothing.
func startAll(n int) {
	for i := range n {
		go worker(i)
		runtime.Gosched() // want `runtime.Gosched does not wait for the goroutine started at line \d+`
	}
}

// Not a bug: yielding between rounds of work in a loop that also starts
// goroutines, but not right after the go statement.
func rounds(n int) {
	for i := range n {
		go worker(i)
		worker(i)
		runtime.Gosched()
	}
}

// Not a bug: the goroutine writes, but the read comes after a receive
// that orders it.
func orderedRead() int {
	result := 0
	done := make(chan struct{})
	go func() {
		result = 42
		close(done)
	}()
	runtime.Gosched()
	<-done
	return result
}

type server struct{ stop chan struct{} }

func (s *server) serve() { <-s.stop }
func (s *server) close() { close(s.stop) }

// Not a bug: a test that races Serve against Close on purpose. The Gosched
// only biases the schedule; the function waits for the goroutine to return
// before it ends, so nothing relies on the goroutine having run.
func concurrentServeAndClose() bool {
	s := &server{stop: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.serve()
	}()
	runtime.Gosched()
	s.close()
	select {
	case <-done:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// Not a bug either with a WaitGroup the goroutine is Done on.
func concurrentWithWaitGroup() {
	s := &server{stop: make(chan struct{})}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.serve()
	}()
	runtime.Gosched()
	s.close()
	wg.Wait()
}

// Still a bug: the receive waits for another goroutine, not the one the
// Gosched is meant to let run first.
func joinsSomethingElse(other chan struct{}) {
	done := make(chan struct{})
	go func() {
		serve()
		close(done)
	}()
	runtime.Gosched() // want `runtime.Gosched does not wait for the goroutine started at line \d+`
	dial()
	<-other
}
