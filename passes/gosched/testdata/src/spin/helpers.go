package spin

import (
	"runtime"
	"sync"
	"sync/atomic"
)

type conn struct {
	closed int32
	state  int
}

func (c *conn) isClosed() bool { return atomic.LoadInt32(&c.closed) != 0 }

func (c *conn) active() bool { return c.state == 1 }

func (c *conn) flush() bool {
	c.state = 0
	return true
}

// The predicate only reads: the loop is a busy-wait through it.
func waitClosed(c *conn) {
	for !c.isClosed() { // want `busy-wait on c.isClosed\(\)`
	}
}

// A racy predicate.
func waitInactive(c *conn) {
	for c.active() { // want `spin-wait on c.active\(\)`
	}
}

// Not a bug: the callee writes.
func flushLoop(c *conn) {
	for !c.flush() {
	}
}

// Not a bug: suppressed with a reason.
func suppressed(c *conn) {
	//leakvet:ignore gosched test harness waits for a signal handler
	for c.active() {
	}
}

// A predicate in a local closure is named as written.
func waitClosure() {
	var flag int32
	isSet := func() bool { return atomic.LoadInt32(&flag) == 1 }
	go atomic.StoreInt32(&flag, 1)
	for !isSet() { // want `busy-wait on isSet\(\)`
	}
}

type job struct {
	mu   sync.Mutex
	done bool
}

func (j *job) isDone() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.done
}

// A predicate that reads under a mutex, with a deferred unlock.
func waitJob(j *job) {
	for !j.isDone() { // want `busy-wait on j.isDone\(\): this loop does nothing but poll j.isDone\(\) under a mutex`
		runtime.Gosched()
	}
}
