package held

import (
	"errors"
	"os"
	"sync"
)

func probe() {}

type S struct {
	mu   sync.Mutex
	rw   sync.RWMutex
	n    int
	conf *Conf
}

type Conf struct{ mu sync.Mutex }

type Embed struct {
	sync.Mutex
	n int
}

var global sync.Mutex

var state struct{ mu sync.Mutex }

func straight(s *S) {
	s.mu.Lock()
	probe() // want `must=\[s.mu\] may=\[s.mu\]`
	s.mu.Unlock()
	probe() // want `must=\[\] may=\[\]`
}

func deferred(s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
	probe() // want `must=\[s.mu\(d\)\] may=\[s.mu\(d\)\]`
}

func branch(s *S, b bool) error {
	s.mu.Lock()
	if b {
		return errors.New("x")
	}
	s.mu.Unlock()
	return nil
}

func merge(s *S, b bool) {
	if b {
		s.mu.Lock()
	}
	probe() // want `must=\[\] may=\[s.mu\]`
	if b {
		s.mu.Unlock()
	}
}

func rw(s *S) {
	s.rw.RLock()
	probe() // want `must=\[s.rw\(r\)\] may=\[s.rw\(r\)\]`
	s.rw.RUnlock()
}

func embedded(e *Embed) {
	e.Lock()
	probe() // want `must=\[e.Mutex\] may=\[e.Mutex\]`
	e.Unlock()
}

func pointerField(s *S) {
	s.conf.mu.Lock()
	probe() // want `must=\[s.conf.mu\] may=\[s.conf.mu\]`
	s.conf.mu.Unlock()
}

func globals() {
	global.Lock()
	state.mu.Lock()
	probe() // want `must=\[global state.mu\] may=\[global state.mu\]`
	state.mu.Unlock()
	global.Unlock()
}

func local() {
	var mu sync.Mutex
	mu.Lock()
	func() {
		probe() // want `must=\[\] may=\[\]`
	}()
	probe() // want `must=\[mu\] may=\[mu\]`
	mu.Unlock()
}

func tryLock(s *S) {
	if s.mu.TryLock() {
		probe() // want `must=\[s.mu\] may=\[s.mu\]`
		s.mu.Unlock()
		return
	}
	probe() // want `must=\[\] may=\[\]`
}

func tryNot(s *S) {
	if !s.mu.TryLock() {
		probe() // want `must=\[\] may=\[\]`
		return
	}
	defer s.mu.Unlock()
	probe() // want `must=\[s.mu\(d\)\] may=\[s.mu\(d\)\]`
}

func exitPath(s *S, b bool) {
	s.mu.Lock()
	if b {
		os.Exit(1)
	}
	s.mu.Unlock()
	probe() // want `must=\[\] may=\[\]`
}

func loop(s *S, xs []int) {
	for range xs {
		s.mu.Lock()
		probe() // want `must=\[s.mu\] may=\[s.mu\]`
		s.mu.Unlock()
	}
}

func loopContinue(s *S, xs []int) {
	for _, x := range xs {
		probe() // want `must=\[\] may=\[s.mu\]`
		s.mu.Lock()
		if x > 0 {
			continue
		}
		s.mu.Unlock()
	}
}

type node struct {
	mu   sync.Mutex
	next *node
}

// handOverHand holds at most the current node's lock at the loop head.
func handOverHand(head *node) {
	head.mu.Lock()
	n := head
	for n.next != nil {
		next := n.next
		next.mu.Lock()
		n.mu.Unlock()
		n = next
	}
	n.mu.Unlock()
	probe() // want `must=\[\] may=\[\]`
}

func (s *S) lockedHelper() {
	s.mu.Unlock()
	s.mu.Lock()
}

func (s *S) lock()   { s.mu.Lock() }
func (s *S) unlock() { s.mu.Unlock() }

func (s *S) get() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func callees(s *S) {
	s.lock()         // want `op Lock s.mu holds=true fresh=true key=S.mu via=\(\*S\).lock`
	probe()          // want `must=\[s.mu\] may=\[s.mu\]`
	s.lockedHelper() // want `op Unlock s.mu holds=false fresh=false` `op Lock s.mu holds=true fresh=false`
	probe()          // want `must=\[s.mu\] may=\[s.mu\]`
	s.unlock()       // want `op Unlock s.mu holds=false fresh=false`
	probe()          // want `must=\[\] may=\[\]`
	s.get()          // want `op Lock s.mu holds=false fresh=true key=S.mu via=\(\*S\).get`
}

func deferHelper(s *S) {
	s.lock()         // want `op Lock s.mu holds=true`
	defer s.unlock() // want `op Unlock s.mu holds=false`
	probe()          // want `must=\[s.mu\(d\)\] may=\[s.mu\(d\)\]`
}

type shard struct{ mu sync.Mutex }

type table struct{ shards []*shard }

func (t *table) lockShard(i int) *shard {
	sh := t.shards[i]
	sh.mu.Lock()
	return sh
}

func results(t *table) {
	sh := t.lockShard(0) // want `op Lock shard.mu holds=true fresh=true key=shard.mu via=\(\*table\).lockShard`
	probe()              // want `must=\[.*mu\] may=\[.*mu\]`
	sh.mu.Unlock()
	probe() // want `must=\[\] may=\[\]`
}

func closures(s *S) {
	func() {
		s.mu.Lock()
	}() // want `op Lock s.mu holds=true`
	probe()                          // want `must=\[s.mu\] may=\[s.mu\]`
	defer func() { s.mu.Unlock() }() // want `op Unlock s.mu`
	probe()                          // want `must=\[s.mu\(d\)\] may=\[s.mu\(d\)\]`
}

func goroutine(s *S) {
	s.mu.Lock()
	go func() {
		probe() // want `must=\[\] may=\[\]`
	}()
	s.mu.Unlock()
}

type Cache[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (c *Cache[K, V]) Get(k K) V {
	c.mu.RLock()
	defer c.mu.RUnlock()
	probe() // want `must=\[c.mu\(r\)\(d\)\] may=\[c.mu\(r\)\(d\)\]`
	return c.m[k]
}

func useCache(c *Cache[string, int]) {
	c.mu.Lock()
	c.Get("x") // want `op RLock c.mu holds=false fresh=true key=Cache.mu`
	c.mu.Unlock()
}
