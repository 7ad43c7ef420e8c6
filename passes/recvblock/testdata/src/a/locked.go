package a

import "sync"

// Shape 1, receive side: waiting under a lock every sender needs.

type results struct {
	mu   sync.Mutex
	out  chan int
	last int
}

func newResults() *results { return &results{out: make(chan int)} }

func (r *results) produce(v int) {
	r.mu.Lock()
	r.last = v
	r.out <- v
	r.mu.Unlock()
}

func (r *results) Start(v int) { go r.produce(v) }

func (r *results) Wait() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return <-r.out // want `receive from r.out while holding r.mu blocks forever: every send on or close of r.out needs r.mu first \(line 16\); release r.mu before receiving`
}

// The fixed Wait receives before taking the lock.
type fixedResults struct {
	mu   sync.Mutex
	out  chan int
	last int
}

func newFixedResults() *fixedResults { return &fixedResults{out: make(chan int)} }

func (r *fixedResults) produce(v int) {
	r.mu.Lock()
	r.last = v
	r.mu.Unlock()
	r.out <- v
}

func (r *fixedResults) Start(v int) { go r.produce(v) }

func (r *fixedResults) Wait() int {
	v := <-r.out // ok: not under the lock
	r.mu.Lock()
	defer r.mu.Unlock()
	return v + r.last
}
