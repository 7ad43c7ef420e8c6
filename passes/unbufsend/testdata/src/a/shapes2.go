package a

import (
	"context"
	"lib"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Generic and cross-package versions of the shapes.

// More senders than receives, generic: the loop stops at the first error.
func firstErrorGeneric[T any](xs []T, f func(T) error) error {
	errc := make(chan error)
	for _, x := range xs {
		go func() {
			errc <- f(x) // want `goroutine leaks: send on unbuffered channel errc blocks forever once the loop receiving from it at line [0-9]+ returns at line [0-9]+ before every sender is received; give errc a buffer of len\(xs\)`
		}()
	}
	for range xs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// More senders than receives, across packages: two senders, one receive.
func twoProducersOneReceive() int {
	ch := make(chan int)
	go lib.Produce(ch) // want `goroutine leaks: 2 goroutines send on unbuffered channel ch but 1 of them blocks forever once the function returns at line 34 without receiving`
	go lib.Produce(ch)
	return <-ch
}

// OK: both received.
func twoProducersTwoReceives() int {
	ch := make(chan int)
	go lib.Produce(ch)
	go lib.Produce(ch)
	return <-ch + <-ch
}

// A send nobody else receives, generic.
func selfDeadlockGeneric[T any](v T) T {
	ch := make(chan T)
	ch <- v // want `send on unbuffered channel ch blocks forever: its only receives run in this same goroutine`
	return <-ch
}

// A send nobody else receives, across packages: the helper of another
// package sends in this goroutine, before the receive.
func selfDeadlockAcross() {
	ch := make(chan struct{})
	lib.Signal(ch) // want `send on unbuffered channel ch blocks forever: its only receives run in this same goroutine`
	<-ch
}

// OK: the helper of another package receives in another goroutine.
func receivedAcross() {
	ch := make(chan int)
	go lib.Recv(ch)
	ch <- 1
}

// The Wait deadlock, generic.
func waitThenReceiveGeneric[T any](f func() T) (T, error) {
	var g errgroup.Group
	ch := make(chan T)
	g.Go(func() error {
		ch <- f() // want `deadlock: g.Wait at line 75 waits for the goroutine that blocks sending on unbuffered channel ch, which is only received after it`
		return nil
	})
	if err := g.Wait(); err != nil {
		var zero T
		return zero, err
	}
	return <-ch, nil
}

// The send under the receiver's lock, generic.
type genBroadcaster[T any] struct {
	mu   sync.Mutex
	adds chan T
	ws   []T
}

func newGenBroadcaster[T any]() *genBroadcaster[T] {
	b := &genBroadcaster[T]{adds: make(chan T)}
	go b.loop()
	return b
}

func (b *genBroadcaster[T]) loop() {
	for {
		b.mu.Lock()
		w := <-b.adds
		b.ws = append(b.ws, w)
		b.mu.Unlock()
	}
}

func (b *genBroadcaster[T]) Add(w T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.adds <- w // want `send on b.adds while holding b.mu blocks forever: its only receivers need b.mu first`
}

// A field send nobody receives, generic.
type genPlugin[T any] struct {
	status chan T
}

func newGenPlugin[T any]() *genPlugin[T] { return &genPlugin[T]{status: make(chan T)} }

func (p *genPlugin[T]) Notify(v T) {
	p.status <- v // want `send on p.status blocks forever: nothing in this package receives from p.status`
}

// A field send, across packages: a helper of another package receives
// from it.
type libWaited struct {
	status chan int
}

func newLibWaited() *libWaited { return &libWaited{status: make(chan int)} }

func (p *libWaited) Notify(v int) { p.status <- v } // ok: Wait receives through lib.Recv

func (p *libWaited) Wait() int { return lib.Recv(p.status) }

// A field send, across packages: the helper only sends too.
type libSignalled struct {
	done chan struct{}
}

func newLibSignalled() *libSignalled { return &libSignalled{done: make(chan struct{})} }

func (p *libSignalled) Finish() {
	lib.Signal(p.done)
	p.done <- struct{}{} // want `send on p.done blocks forever: nothing in this package receives from p.done`
}

// The receiver that stops, across packages: the loop leaves on ctx.Done().
type ctxEngine struct {
	reqs chan int
}

func newCtxEngine(ctx context.Context) *ctxEngine {
	e := &ctxEngine{reqs: make(chan int)}
	go e.run(ctx)
	return e
}

func (e *ctxEngine) run(ctx context.Context) {
	for {
		select {
		case v := <-e.reqs:
			_ = v
		case <-ctx.Done():
			return
		}
	}
}

func (e *ctxEngine) Do(v int) {
	e.reqs <- v // want `send on e.reqs blocks forever once`
}
