// Package spin holds loops that wait for another goroutine by spinning,
// and the look-alikes that do not.
package spin

import "runtime"

var done bool

// A package variable read plainly: a data race, may spin forever.
func waitGlobal() {
	for !done { // want `spin-wait on done: this loop only reads done until another goroutine changes it, a data race`
	}
}

// Gosched does not make the plain read safe.
func waitGlobalYield() {
	for !done { // want `spin-wait on done: .* \(runtime.Gosched does not make the read safe\)`
		runtime.Gosched()
	}
}

// A captured variable set by the goroutine.
func waitCaptured() {
	ready := false
	go func() { ready = true }()
	for !ready { // want `spin-wait on ready`
		runtime.Gosched()
	}
}

type server struct {
	stopped bool
	n       int
}

// A field read through a pointer.
func (s *server) waitStopped() {
	for !s.stopped { // want `spin-wait on s.stopped`
	}
}

// The exit is an if with break, the wait the same.
func (s *server) waitBreak() {
	for { // want `spin-wait on s.stopped`
		if s.stopped {
			break
		}
		runtime.Gosched()
	}
}

// The exit is a return.
func (s *server) waitReturn() int {
	for { // want `spin-wait on s.n`
		if s.n > 0 {
			return s.n
		}
	}
}

// for {} never exits: use select {}.
func forever() {
	go runtime.GC()
	for { // want `this loop never exits and does nothing, so it spins forever`
	}
}

// A yielding endless loop is no better.
func foreverYield() {
	for { // want `this loop never exits and does nothing but yield, so it spins forever`
		runtime.Gosched()
	}
}

// Not a bug: the loop does work (a store) and ends on its own.
func workAndYield(xs []int) {
	for i := range xs {
		xs[i] *= 2
		runtime.Gosched() // cooperative yielding in a long computation
	}
}

// Not a bug: the loop counts; it ends on its own even if done never changes.
func bounded() {
	for i := 0; !done && i < 100; i++ {
	}
}

// Not a bug: walking a list ends on its own.
type node struct{ next *node }

func last(n *node) *node {
	for n.next != nil {
		n = n.next
	}
	return n
}

// Not a bug: the loop calls code it cannot see through.
func waitWork(s *server, poll func() bool) {
	for !s.stopped {
		poll()
	}
}

// Not reported: a loop built with goto has no for statement to point at.
func gotoSpin() {
loop:
	if !done {
		goto loop
	}
}
