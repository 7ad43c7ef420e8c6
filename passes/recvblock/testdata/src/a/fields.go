package a

import (
	"context"
	"sync"
)

// Shape 3: a done channel in a field that nothing closes.

type job struct{ run func() }

type runner struct {
	done chan struct{}
	stop chan struct{}
}

func newRunner() *runner {
	return &runner{done: make(chan struct{}), stop: make(chan struct{})}
}

func (r *runner) loop() {
	<-r.stop
	// forgot close(r.done)
}

func (r *runner) Start() { go r.loop() }

// Stop waits for r.done, which nothing in the package closes.
func (r *runner) Stop() {
	close(r.stop)
	<-r.done // want `receive from r.done blocks forever: nothing in this package sends on or closes r.done`
}

// The fixed runner closes done when its loop ends.
type fixedRunner struct {
	done chan struct{}
	stop chan struct{}
}

func newFixedRunner() *fixedRunner {
	return &fixedRunner{done: make(chan struct{}), stop: make(chan struct{})}
}

func (r *fixedRunner) loop() {
	defer close(r.done)
	<-r.stop
}

func (r *fixedRunner) Start() { go r.loop() }

func (r *fixedRunner) Stop() {
	close(r.stop)
	<-r.done // ok: loop closes it
}

// Closed by sync.Once: the close is seen.
type onceCloser struct {
	once sync.Once
	quit chan struct{}
}

func newOnceCloser() *onceCloser { return &onceCloser{quit: make(chan struct{})} }

func (o *onceCloser) Close() { o.once.Do(func() { close(o.quit) }) }

func (o *onceCloser) Wait() { <-o.quit } // ok: Close closes it through once.Do

// Exported field: code elsewhere may close it.
type Exported struct {
	Done chan struct{}
}

func NewExported() *Exported { return &Exported{Done: make(chan struct{})} }

func (e *Exported) Wait() { <-e.Done } // ok: exported field

// The channel comes from the caller: someone else may close it.
type fromCaller struct{ done chan struct{} }

func newFromCaller(done chan struct{}) *fromCaller { return &fromCaller{done: done} }

func (f *fromCaller) Wait() { <-f.done } // ok: assigned from a parameter

// Handed out as a receive-only channel: holders cannot close it, so the
// receive is still certain to block.
type signaler struct{ ready chan struct{} }

func newSignaler() *signaler { return &signaler{ready: make(chan struct{})} }

func (s *signaler) Ready() <-chan struct{} { return s.ready }

func (s *signaler) WaitReady() {
	<-s.ready // want `receive from s.ready blocks forever: nothing in this package sends on or closes s.ready`
}

// Handed out bidirectionally: the holder may close it.
type handsOut struct{ ready chan struct{} }

func newHandsOut() *handsOut { return &handsOut{ready: make(chan struct{})} }

func (s *handsOut) Ready() chan struct{} { return s.ready }

func (s *handsOut) WaitReady() { <-s.ready } // ok: returned as chan struct{}

// In a select with ctx.Done the receive can end.
func (s *signaler) WaitReadyCtx(ctx context.Context) error {
	select {
	case <-s.ready: // ok: the other case can fire
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Sent on through a helper that takes the channel: followed.
type notifier struct{ events chan int }

func newNotifier() *notifier { return &notifier{events: make(chan int, 1)} }

func emit(ch chan<- int, v int) { ch <- v }

func (n *notifier) Fire()     { emit(n.events, 1) }
func (n *notifier) Next() int { return <-n.events } // ok: Fire sends through emit

// A package variable nobody closes.
var shutdown = make(chan struct{})

func waitShutdown() {
	<-shutdown // want `receive from shutdown blocks forever: nothing in this package sends on or closes shutdown`
}

var reloaded = make(chan struct{}, 1)

func reload()     { reloaded <- struct{}{} }
func waitReload() { <-reloaded } // ok: reload sends

// Generic type: one abstract channel per field of the origin type.
type box[T any] struct {
	out chan T
}

func newBox[T any]() *box[T] { return &box[T]{out: make(chan T)} }

func (b *box[T]) Get() T {
	return <-b.out // want `receive from b.out blocks forever: nothing in this package sends on or closes b.out`
}

type feeder[T any] struct {
	out chan T
}

func newFeeder[T any]() *feeder[T] { return &feeder[T]{out: make(chan T)} }

func (f *feeder[T]) Put(v T) { f.out <- v }
func (f *feeder[T]) Get() T  { return <-f.out } // ok: Put sends
