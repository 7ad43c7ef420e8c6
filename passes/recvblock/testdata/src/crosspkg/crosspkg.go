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

// Shape 7 across packages: the feeder in another package never closes.
type feed struct {
	out chan int
}

func newFeed(n int) *feed {
	f := &feed{out: make(chan int)}
	go closerlib.Feed(f.out, n)
	return f
}

func (f *feed) sum() int {
	s := 0
	for v := range f.out { // want `for range over f.out never ends: nothing in this package closes f.out`
		s += v
	}
	return s
}

// The fixed feed: the helper closes when done.
type closedFeed struct {
	out chan int
}

func newClosedFeed(n int) *closedFeed {
	f := &closedFeed{out: make(chan int)}
	go closerlib.FeedAndClose(f.out, n)
	return f
}

func (f *closedFeed) sum() int {
	s := 0
	for v := range f.out { // ok: FeedAndClose closes it
		s += v
	}
	return s
}

// Shape 6 across packages: the only close is deferred by the waiter,
// through the helper.
func waitOwnDeferredFinish(work func()) {
	done := make(chan struct{})
	defer closerlib.Finish(done)
	work()
	<-done // want `receive from done blocks forever: the only close of done is deferred by waitOwnDeferredFinish itself`
}

// A generic helper of another package closes the field.
type genTask[T any] struct {
	done chan T
}

func newGenTask[T any]() *genTask[T] { return &genTask[T]{done: make(chan T)} }

func (t *genTask[T]) run() { closerlib.FinishAll(t.done) }

func (t *genTask[T]) Start() { go t.run() }

func (t *genTask[T]) Wait() { <-t.done } // ok: closed by closerlib.FinishAll

// Shape 3 across packages: the local channel is handed to a helper that
// only sends once, then ranged over: nothing closes it.
func rangeFed() int {
	ch := make(chan int)
	go closerlib.Feed(ch, 3)
	s := 0
	for v := range ch { // want `for range over ch never ends`
		s += v
	}
	return s
}

// The fixed waiter: the goroutine doing the work finishes it.
func waitOtherFinish(work func()) {
	done := make(chan struct{})
	go func() {
		defer closerlib.Finish(done)
		work()
	}()
	<-done // ok: the goroutine closes it
}
