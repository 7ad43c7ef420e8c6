// Package lockleak shows an early return that leaves a mutex locked.
package lockleak

import (
	"errors"
	"sync"
)

// Cache holds values.
type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// Get returns the value of k.
func (c *Cache) Get(k string) (int, error) {
	c.mu.Lock()
	v, ok := c.items[k]
	if !ok {
		return 0, errors.New("not found")
	}
	c.mu.Unlock()
	return v, nil
}
