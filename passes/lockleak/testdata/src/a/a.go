package a

import (
	"errors"
	"log"
	"sync"
)

var errNotFound = errors.New("not found")

type Cache struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
}

// Early error return.
func (c *Cache) Get(k string) (int, error) {
	c.mu.Lock()
	v, ok := c.items[k]
	if !ok {
		return 0, errNotFound // want `c.mu locked at line 19 is still held at this return`
	}
	c.mu.Unlock()
	return v, nil
}

// Read lock, switch arm.
func (c *Cache) Kind(k string) string {
	c.rw.RLock()
	switch c.items[k] {
	case 0:
		c.rw.RUnlock()
		return "zero"
	case 1:
		return "one" // want `c.rw locked at line 30 is still held at this return: .* call c.rw.RUnlock\(\)`
	default:
		c.rw.RUnlock()
		return "many"
	}
}

// The end of the function.
func (c *Cache) Touch(k string, ok bool) {
	c.mu.Lock()
	if ok {
		c.items[k]++
		c.mu.Unlock()
	}
} // want `c.mu locked at line 45 is still held at the end of the function`

// Continue inside the critical section.
func (c *Cache) Sweep(keys []string) {
	for _, k := range keys {
		c.mu.Lock() // want `c.mu may still be held here when the loop comes round: the continue at line 57 skips the unlock`
		if c.items[k] > 0 {
			continue
		}
		delete(c.items, k)
		c.mu.Unlock()
	}
}

// Break out of the critical section, then return.
func (c *Cache) First(keys []string) string {
	var found string
	for _, k := range keys {
		c.mu.Lock()
		if c.items[k] > 0 {
			found = k
			break
		}
		c.mu.Unlock()
	}
	return found // want `c.mu locked at line 68 is still held when the loop is left at line 71`
}

// Generic.
type Set[T comparable] struct {
	mu sync.Mutex
	m  map[T]bool
}

func (s *Set[T]) Add(v T) error {
	s.mu.Lock()
	if s.m[v] {
		return errors.New("dup") // want `s.mu locked at line 85 is still held at this return`
	}
	s.m[v] = true
	s.mu.Unlock()
	return nil
}

// ---- correct look-alikes ----

func (c *Cache) GetOK(k string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	if !ok {
		return 0, errNotFound
	}
	return v, nil
}

func (c *Cache) KindOK(k string) string {
	c.rw.RLock()
	switch c.items[k] {
	case 0:
		c.rw.RUnlock()
		return "zero"
	default:
		c.rw.RUnlock()
		return "many"
	}
}

// Lock helper: never releases, returns holding by design.
func (c *Cache) lock() { c.mu.Lock() }

// A function whose callers unlock.
func (c *Cache) find(k string) (int, bool) {
	c.mu.Lock()
	v, ok := c.items[k]
	if !ok {
		c.mu.Unlock()
		return 0, false
	}
	return v, true // the caller unlocks
}

func (c *Cache) useFind(k string) int {
	v, ok := c.find(k)
	if !ok {
		return 0
	}
	defer c.mu.Unlock()
	return v
}

// Named by convention.
func (c *Cache) lockIfPresent(k string) bool {
	c.mu.Lock()
	if _, ok := c.items[k]; !ok {
		c.mu.Unlock()
		return false
	}
	return true
}

// TryLock failure branch.
func (c *Cache) TryTouch(k string) bool {
	if !c.mu.TryLock() {
		return false
	}
	c.items[k]++
	c.mu.Unlock()
	return true
}

// Deferred closure unlocks.
func (c *Cache) Closure(k string) error {
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
	if k == "" {
		return errNotFound
	}
	return nil
}

// Fatal path.
func (c *Cache) MustGet(k string) int {
	c.mu.Lock()
	v, ok := c.items[k]
	if !ok {
		log.Fatalf("missing %s", k)
	}
	c.mu.Unlock()
	return v
}

// Panic path.
func (c *Cache) Get2(k string) int {
	c.mu.Lock()
	v, ok := c.items[k]
	if !ok {
		panic("missing")
	}
	c.mu.Unlock()
	return v
}

// Conditional locking released under the same condition.
func (c *Cache) Maybe(lock bool) {
	if lock {
		c.mu.Lock()
	}
	c.items["x"]++
	if lock {
		c.mu.Unlock()
	}
}

// Method value.
func (c *Cache) Unlocker(k string) int {
	c.mu.Lock()
	unlock := c.mu.Unlock
	if k == "" {
		unlock()
		return 0
	}
	v := c.items[k]
	unlock()
	return v
}

// Hand-over-hand traversal.
type node struct {
	mu   sync.Mutex
	next *node
	val  int
}

func find(head *node, v int) *node {
	head.mu.Lock()
	n := head
	for n.val != v {
		next := n.next
		if next == nil {
			n.mu.Unlock()
			return nil
		}
		next.mu.Lock()
		n.mu.Unlock()
		n = next
	}
	n.mu.Unlock()
	return n
}

// Unlock in every arm, then a loop without continue.
func (c *Cache) Loop(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		if c.items[k] > 0 {
			c.mu.Unlock()
			continue
		}
		delete(c.items, k)
		c.mu.Unlock()
	}
}

// Unlock then relock around slow work (caller holds the lock).
func (c *Cache) flushLocked() {
	c.mu.Unlock()
	work()
	c.mu.Lock()
}

func work() {}

// Locked object returned to the caller.
type shard struct {
	mu sync.Mutex
	m  map[string]int
}

type table struct{ shards [4]*shard }

func (t *table) shardFor(k string) *shard {
	s := t.shards[len(k)%4]
	s.mu.Lock()
	return s
}

func (t *table) Set(k string, v int) {
	s := t.shardFor(k)
	s.m[k] = v
	s.mu.Unlock()
}
