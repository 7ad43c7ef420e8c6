// Package endlessgo shows a cache whose janitor goroutine can never be
// stopped: every cache made leaves one behind.
package endlessgo

import (
	"sync"
	"time"
)

// Cache is a map whose entries expire.
type Cache struct {
	mu    sync.Mutex
	items map[string]time.Time
}

// New makes a cache and starts its janitor.
func New(ttl time.Duration) *Cache {
	c := &Cache{items: map[string]time.Time{}}
	go func() {
		t := time.NewTicker(ttl)
		for {
			select {
			case now := <-t.C:
				c.evict(now)
			}
		}
	}()
	return c
}

func (c *Cache) evict(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, exp := range c.items {
		if now.After(exp) {
			delete(c.items, k)
		}
	}
}
