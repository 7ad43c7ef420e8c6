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

type entry struct{ parts []int }

type catalog struct {
	mu      sync.Mutex
	entries atomic.Pointer[map[string]*entry]
}

func (c *catalog) load() map[string]*entry {
	if m := c.entries.Load(); m != nil {
		return *m
	}
	return nil
}

func (c *catalog) add(string) {}

// Not a bug either when a plain read bounds the synchronized one: the
// entry's parts decide the return, the re-read under the lock the retry.
func (c *catalog) partsOf(name string) []int {
	for {
		e, ok := c.load()[name]
		if ok && len(e.parts) > 0 {
			return e.parts
		}
		if !ok {
			c.mu.Lock()
			if _, ok = c.load()[name]; !ok {
				c.add(name)
				c.mu.Unlock()
				return nil
			}
			c.mu.Unlock()
		}
		c.mu.Lock()
		e, ok = c.load()[name]
		if !ok {
			c.mu.Unlock()
			continue
		}
		parts := e.parts
		c.mu.Unlock()
		return parts
	}
}
