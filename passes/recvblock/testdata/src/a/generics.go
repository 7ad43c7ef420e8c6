package a

import "sync"

// Each shape again on a generic type: the field of the origin type is one
// channel for every instantiation.

// Shape 6: the only close is deferred by the waiter.
type genServer[T any] struct {
	stopped chan struct{}
	out     chan T
}

func newGenServer[T any]() *genServer[T] {
	return &genServer[T]{stopped: make(chan struct{}), out: make(chan T)}
}

func (s *genServer[T]) serve() {
	defer close(s.stopped)
	<-s.stopped // want `receive from s.stopped blocks forever: the only close of s.stopped is deferred by serve itself`
}

// Shape 7: a range nobody closes.
type genPool[T any] struct {
	jobs chan T
}

func newGenPool[T any](run func(T)) *genPool[T] {
	p := &genPool[T]{jobs: make(chan T)}
	go p.worker(run)
	return p
}

func (p *genPool[T]) worker(run func(T)) {
	for j := range p.jobs { // want `for range over p.jobs never ends: nothing in this package closes p.jobs`
		run(j)
	}
}

func (p *genPool[T]) Submit(j T) { p.jobs <- j }

// The fixed generic pool closes jobs.
type genClosedPool[T any] struct {
	jobs chan T
}

func newGenClosedPool[T any](run func(T)) *genClosedPool[T] {
	p := &genClosedPool[T]{jobs: make(chan T)}
	go p.worker(run)
	return p
}

func (p *genClosedPool[T]) worker(run func(T)) {
	for j := range p.jobs { // ok: Close closes jobs
		run(j)
	}
}

func (p *genClosedPool[T]) Submit(j T) { p.jobs <- j }
func (p *genClosedPool[T]) Close()     { close(p.jobs) }

// Shape 8: a field never made.
type genQueue[T any] struct {
	items chan T
}

func newGenQueue[T any]() *genQueue[T] { return &genQueue[T]{} }

func (q *genQueue[T]) Pop() T {
	return <-q.items // want `receive from q.items blocks forever: q.items is never assigned a channel`
}

// Shape 2: the senders give up on a stop channel, the receiver does not.
type genProto[T any] struct {
	queue chan T
	done  chan struct{}
}

func newGenProto[T any]() *genProto[T] {
	return &genProto[T]{queue: make(chan T), done: make(chan struct{})}
}

func (p *genProto[T]) Send(msg T) bool {
	select {
	case p.queue <- msg:
		return true
	case <-p.done:
		return false
	}
}

func (p *genProto[T]) sendLoop(write func(T)) {
	for {
		msg := <-p.queue // want `receive from p.queue blocks forever once its senders have stopped`
		write(msg)
	}
}

func (p *genProto[T]) Stop() { close(p.done) }

// Shape 1: waiting under the lock every sender needs.
type genResults[T any] struct {
	mu   sync.Mutex
	out  chan T
	last T
}

func newGenResults[T any]() *genResults[T] { return &genResults[T]{out: make(chan T)} }

func (r *genResults[T]) produce(v T) {
	r.mu.Lock()
	r.last = v
	r.out <- v
	r.mu.Unlock()
}

func (r *genResults[T]) Start(v T) { go r.produce(v) }

func (r *genResults[T]) Wait() T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return <-r.out // want `receive from r.out while holding r.mu blocks forever`
}

// Local channel of a type parameter: the work starts, but nothing sends
// or closes.
func genLocalWait[T any](start func()) T {
	ch := make(chan T)
	start()
	return <-ch // want `receive from ch blocks forever`
}
