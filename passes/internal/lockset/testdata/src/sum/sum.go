package sum

import "sync"

type Store struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	inner Inner
	items map[string]int
}

type Inner struct{ mu sync.Mutex }

var Global sync.Mutex

func (s *Store) Get(k string) int { // want Get:`lockset\(p0.mu\[Store.mu\]=acquires\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[k]
}

func (s *Store) Read() { // want Read:`lockset\(p0.rw\(r\)\[Store.rw\]=acquires\)`
	s.rw.RLock()
	s.rw.RUnlock()
}

func (s *Store) Lock() { // want Lock:`lockset\(p0.mu\[Store.mu\]=acquires\|holds\)`
	s.mu.Lock()
}

func (s *Store) Unlock() { // want Unlock:`lockset\(p0.mu\[Store.mu\]=releases\|expects\)`
	s.mu.Unlock()
}

// flushLocked is called with s.mu held and drops it around the slow part.
func (s *Store) flushLocked() { // want flushLocked:`lockset\(p0.mu\[Store.mu\]=holds\|expects\)`
	s.mu.Unlock()
	s.mu.Lock()
}

func (s *Store) Flush() { // want Flush:`lockset\(p0.mu\[Store.mu\]=acquires via \(\*Store\).Lock\)`
	s.Lock()
	s.flushLocked()
	s.Unlock()
}

func (s *Store) InnerOp() { // want InnerOp:`lockset\(p0.inner.mu\[Inner.mu\]=acquires via \(\*Inner\).Do\)`
	s.inner.Do()
}

func (in *Inner) Do() { // want Do:`lockset\(p0.mu\[Inner.mu\]=acquires\)`
	in.mu.Lock()
	in.mu.Unlock()
}

func WithGlobal() { // want WithGlobal:`lockset\(sum.Global\[sum.Global\]=acquires\)`
	Global.Lock()
	defer Global.Unlock()
}

func Param(mu *sync.Mutex) { // want Param:`lockset\(p0\[mu\]=acquires\)`
	mu.Lock()
	mu.Unlock()
}

// MaybeLock returns holding the lock only when it reports true.
func (s *Store) MaybeLock(b bool) bool { // want MaybeLock:`lockset\(p0.mu\[Store.mu\]=acquires\|mayHold\)`
	s.mu.Lock()
	if b {
		return true
	}
	s.mu.Unlock()
	return false
}

func New() *Store { // no fact: a fresh store's lock is nobody else's
	s := &Store{}
	s.mu.Lock()
	s.items = map[string]int{}
	s.mu.Unlock()
	return s
}
