package spin

import (
	"sync"
	"sync/atomic"
)

type registry struct {
	mu     sync.Mutex
	topics atomic.Pointer[map[string]int]
}

func (r *registry) load() map[string]int {
	if m := r.topics.Load(); m != nil {
		return *m
	}
	return nil
}

func (r *registry) create(string) {}

// Not a bug: the pass reads the registry, takes the lock and reads it
// again; it goes round only when the entry vanished in between, and the
// next pass creates it. A retry after a change, not a wait for one.
func (r *registry) lookup(name string) int {
	for {
		v, ok := r.load()[name]
		if ok && v > 0 {
			return v
		}
		if !ok {
			r.mu.Lock()
			if _, ok = r.load()[name]; !ok {
				r.create(name)
				r.mu.Unlock()
				return 0
			}
			r.mu.Unlock()
		}
		r.mu.Lock()
		_, ok = r.load()[name]
		if !ok {
			r.mu.Unlock()
			continue
		}
		r.mu.Unlock()
		return 0
	}
}

// Still a bug: one read per pass under the lock, waiting for another
// goroutine to add the entry.
func (r *registry) await(name string) int {
	for { // want `busy-wait on r.load\(\): this loop does nothing but poll r.load\(\) under a mutex`
		r.mu.Lock()
		v, ok := r.load()[name]
		r.mu.Unlock()
		if ok {
			return v
		}
	}
}
