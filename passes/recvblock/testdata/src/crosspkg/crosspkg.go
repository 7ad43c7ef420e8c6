package crosspkg

import "closerlib"

// Facts of another package say what its functions do with the channel.

type task struct {
	done chan struct{}
}

func newTask() *task { return &task{done: make(chan struct{})} }

func (t *task) run() { closerlib.Finish(t.done) }

func (t *task) Start() { go t.run() }

func (t *task) Wait() { <-t.done } // ok: closed by closerlib.Finish

type waiter struct {
	done chan struct{}
}

func newWaiter() *waiter { return &waiter{done: make(chan struct{})} }

// Both sides only wait: nothing closes done.
func (w *waiter) Wait() {
	closerlib.Await(w.done)
	<-w.done // want `receive from w.done blocks forever: nothing in this package sends on or closes w.done`
}
