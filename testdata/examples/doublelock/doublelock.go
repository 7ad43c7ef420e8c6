// Package doublelock shows a method that locks a mutex and calls a method
// that locks it again: the goroutine deadlocks on itself.
package doublelock

import "sync"

// Registry holds named values.
type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

// Set stores v under k.
func (r *Registry) Set(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[k] = v
}

// SetAll stores every pair of m.
func (r *Registry) SetAll(m map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, v := range m {
		r.Set(k, v)
	}
}
