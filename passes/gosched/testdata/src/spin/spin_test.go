package spin

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

var started bool

// A racy spin-wait is reported in tests too: it makes the test flaky.
func TestRacy(t *testing.T) {
	go func() { started = true }()
	for !started { // want `spin-wait on started`
		runtime.Gosched()
	}
}

// Not reported in tests: a correct busy-wait only costs CPU time, and
// tests of schedulers and profilers burn it on purpose.
func TestAtomic(t *testing.T) {
	var n int32
	go atomic.AddInt32(&n, 1)
	for atomic.LoadInt32(&n) == 0 {
	}
}

// Not reported in tests: a CPU hog for a profiler.
func TestHog(t *testing.T) {
	for t0 := time.Now(); time.Since(t0) < time.Millisecond; {
	}
}

// Not reported in tests: a select with default polling until the end.
func TestPoll(t *testing.T) {
	stop := time.After(time.Millisecond)
	for {
		select {
		case <-stop:
			return
		default:
		}
	}
}

// Not reported in tests: an endless loop in a goroutine burns CPU on
// purpose (tests of preemption).
func TestPreempt(t *testing.T) {
	go func() {
		for {
		}
	}()
	runtime.GC()
}
