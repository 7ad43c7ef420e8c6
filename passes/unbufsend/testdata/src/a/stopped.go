package a

import (
	"context"
	"sync"
)

// Shape 2: the only receiver of a field channel is a loop that can leave
// on a stop channel or ctx.Done(); a plain send elsewhere blocks forever
// once it has left.

type request struct{ reply chan int }

type engine struct {
	reqs chan request
	stop chan struct{}
}

func newEngine() *engine {
	e := &engine{reqs: make(chan request), stop: make(chan struct{})}
	go e.run()
	return e
}

func (e *engine) run() {
	for {
		select {
		case r := <-e.reqs:
			r.reply <- 1
		case <-e.stop:
			return
		}
	}
}

func (e *engine) Stop() { close(e.stop) }

func (e *engine) Do() int {
	r := request{reply: make(chan int, 1)}
	e.reqs <- r // want `send on e.reqs blocks forever once run has returned: its loop, the only receiver, leaves on <-e.stop \(line 31\); select on e.stop in the send too`
	return <-r.reply
}

// The sender selects on the same stop channel: it gives up too.
func (e *engine) DoStoppable() (int, bool) {
	r := request{reply: make(chan int, 1)}
	select {
	case e.reqs <- r: // ok: leaves on e.stop as well
		return <-r.reply, true
	case <-e.stop:
		return 0, false
	}
}

// The receiver never stops: a send can always be received.
type forever struct {
	in chan int
}

func newForever() *forever {
	f := &forever{in: make(chan int)}
	go f.loop()
	return f
}

func (f *forever) loop() {
	for v := range f.in {
		_ = v
	}
}

func (f *forever) Put(v int) { f.in <- v } // ok: the receiver only ends on close

// The lock is taken, and a flag checked, before sending: Stop sets the
// flag under the same lock before stopping the loop.
type guarded struct {
	mu      sync.Mutex
	stopped bool
	in      chan int
	quit    chan struct{}
}

func newGuarded() *guarded {
	g := &guarded{in: make(chan int), quit: make(chan struct{})}
	go g.loop()
	return g
}

func (g *guarded) loop() {
	for {
		select {
		case <-g.in:
		case <-g.quit:
			return
		}
	}
}

func (g *guarded) Put(v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return
	}
	g.in <- v // ok: Stop cannot stop the loop while the lock is held
}

func (g *guarded) Stop() {
	g.mu.Lock()
	g.stopped = true
	g.mu.Unlock()
	close(g.quit)
}

// Buffered: how many sends fit is a matter of the protocol.
type buffered struct {
	in chan int
}

func newBuffered() *buffered { return &buffered{in: make(chan int, 16)} }

func (b *buffered) loop(ctx context.Context) {
	for {
		select {
		case <-b.in:
		case <-ctx.Done():
			return
		}
	}
}

func (b *buffered) Put(v int) { b.in <- v } // ok: buffered

// Another receiver drains after the loop has left.
type drained struct {
	in   chan int
	stop chan struct{}
}

func newDrained() *drained {
	return &drained{in: make(chan int), stop: make(chan struct{})}
}

func (d *drained) loop() {
	for {
		select {
		case <-d.in:
		case <-d.stop:
			return
		}
	}
}

func (d *drained) Start() { go d.loop() }

func (d *drained) Put(v int) { d.in <- v } // ok: Drain receives too

func (d *drained) Drain() {
	for {
		select {
		case <-d.in:
		default:
			return
		}
	}
}

// The field is re-made per run, by more than one make: silent.
type remade struct {
	in   chan int
	stop chan struct{}
}

func (r *remade) Start(ctx context.Context) {
	r.in = make(chan int)
	go r.loop(ctx)
}

func (r *remade) Reset() { r.in = make(chan int) }

func (r *remade) loop(ctx context.Context) {
	for {
		select {
		case <-r.in:
		case <-ctx.Done():
			return
		}
	}
}

func (r *remade) Put(v int) { r.in <- v } // ok: one channel per make, which one is unknown

// The loop leaves only once the last worker has reported: by then no
// worker sends any more.
type coordinator struct {
	results chan int
	errs    chan error
}

func newCoordinator() *coordinator {
	return &coordinator{results: make(chan int), errs: make(chan error)}
}

func (c *coordinator) loop(workers int) {
	for {
		select {
		case <-c.results:
		case <-c.errs:
			workers--
			if workers == 0 {
				return
			}
		}
	}
}

func (c *coordinator) work() {
	c.results <- 1 // ok: the loop leaves only after every worker is done
	c.errs <- nil
}

// One channel, two fields: each end of a pipe.
type end struct {
	rx   chan int
	tx   chan int
	done chan struct{}
}

func pipePair() (*end, *end) {
	a := make(chan int)
	b := make(chan int)
	return &end{rx: a, tx: b, done: make(chan struct{})}, &end{rx: b, tx: a, done: make(chan struct{})}
}

func (e *end) read() {
	for {
		select {
		case <-e.rx:
		case <-e.done:
			return
		}
	}
}

func (e *end) write(v int) { e.tx <- v } // ok: tx is the other end's rx

// Shape 3, send side: nothing receives from the field.
type plugin struct {
	status chan bool
}

func newPlugin() *plugin { return &plugin{status: make(chan bool)} }

func (p *plugin) Notify(ok bool) {
	p.status <- ok // want `send on p.status blocks forever: nothing in this package receives from p.status; receive from it, or drop the send`
}

// Someone waits for it.
type waitedPlugin struct {
	status chan bool
}

func newWaitedPlugin() *waitedPlugin { return &waitedPlugin{status: make(chan bool)} }

func (p *waitedPlugin) Notify(ok bool) { p.status <- ok } // ok: Wait receives

func (p *waitedPlugin) Wait() bool { return <-p.status }

// Non-blocking notification: fine without a receiver.
type droppingPlugin struct {
	status chan bool
}

func newDroppingPlugin() *droppingPlugin { return &droppingPlugin{status: make(chan bool)} }

func (p *droppingPlugin) Notify(ok bool) {
	select {
	case p.status <- ok: // ok: has a default
	default:
	}
}

// Shape 4: the waiter leaves on the object's stop channel, closed by Stop.
type waiterNode struct {
	stop chan struct{}
	// finished is closed by the sender itself once it is done.
	finished chan struct{}
}

func newWaiterNode() *waiterNode {
	return &waiterNode{stop: make(chan struct{}), finished: make(chan struct{})}
}

func (w *waiterNode) Stop() { close(w.stop) }

func (w *waiterNode) wait(work func() int) int {
	res := make(chan int)
	go func() {
		res <- work() // want `goroutine leaks: send on unbuffered channel res blocks forever once the select at line \d+ returns on w.stop; give res a buffer of 1`
	}()
	select {
	case v := <-res:
		return v
	case <-w.stop:
		return 0
	}
}

// finished is the sender's own signal: closed by this function's
// goroutine, so leaving on it means nothing is left to send.
func (w *waiterNode) waitOwn(work func() int) int {
	res := make(chan int)
	go func() {
		v := work()
		if v < 0 {
			close(w.finished)
			return
		}
		res <- v // ok: the other case is the sender's own signal
	}()
	select {
	case v := <-res:
		return v
	case <-w.finished:
		return 0
	}
}

// Generic: one abstract channel per field of the origin type.
type mailbox[T any] struct {
	in   chan T
	quit chan struct{}
}

func newMailbox[T any]() *mailbox[T] {
	m := &mailbox[T]{in: make(chan T), quit: make(chan struct{})}
	go m.loop()
	return m
}

func (m *mailbox[T]) loop() {
	for {
		select {
		case v := <-m.in:
			_ = v
		case <-m.quit:
			return
		}
	}
}

func (m *mailbox[T]) Close() { close(m.quit) }

func (m *mailbox[T]) Put(v T) {
	m.in <- v // want `send on m.in blocks forever once loop has returned: its loop, the only receiver, leaves on <-m.quit`
}
