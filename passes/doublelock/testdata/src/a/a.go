package a

import (
	"errors"
	"sync"
)

type Server struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	conns map[string]int
	peer  *Server
}

// Direct re-lock on one path.
func (s *Server) direct() {
	s.mu.Lock()
	s.conns = nil
	s.mu.Lock() // want `deadlock: s.mu.Lock\(\) while it is already locked at line 17`
	s.mu.Unlock()
}

// Re-lock through a same-package callee.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.conns {
		s.remove(k) // want `deadlock: call to \(\*Server\).remove locks s.mu while it is already locked at line 25`
	}
	return nil
}

func (s *Server) remove(k string) {
	s.mu.Lock()
	delete(s.conns, k)
	s.mu.Unlock()
}

// Two levels down.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clear() // want `call to \(\*Server\).clear locks s.mu \(via \(\*Server\).remove\)`
}

func (s *Server) clear() {
	for k := range s.conns {
		s.remove(k)
	}
}

// RLock then Lock of one RWMutex.
func (s *Server) upgrade() {
	s.rw.RLock()
	if len(s.conns) == 0 {
		s.rw.Lock() // want `deadlock: s.rw.Lock\(\) while this goroutine holds its read lock`
		s.conns = map[string]int{}
		s.rw.Unlock()
	}
	s.rw.RUnlock()
}

// Recursive RLock through a helper.
func (s *Server) Len() int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.count() // want `recursive read lock: call to \(\*Server\).count read-locks s.rw`
}

func (s *Server) count() int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return len(s.conns)
}

// A function that returns holding the lock, then the caller locks again.
func (s *Server) lock() { s.mu.Lock() }

func (s *Server) viaLockHelper() {
	s.lock()
	s.mu.Lock() // want `already locked by the call to \(\*Server\).lock at line 80`
	s.mu.Unlock()
}

// Generic container.
type Cache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (c *Cache[K, V]) Get(k K) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *Cache[K, V]) GetOrZero(k K) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		var zero V
		return zero
	}
	return c.Get(k) // want `call to \(\*Cache\[K, V\]\).Get locks c.mu`
}

// ---- correct look-alikes ----

// The lock is released before the call.
func (s *Server) CloseOK() {
	s.mu.Lock()
	keys := make([]string, 0, len(s.conns))
	for k := range s.conns {
		keys = append(keys, k)
	}
	s.mu.Unlock()
	for _, k := range keys {
		s.remove(k)
	}
}

// A ...Locked helper that expects the lock held.
func (s *Server) ResetOK() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clearLocked()
}

func (s *Server) clearLocked() {
	for k := range s.conns {
		delete(s.conns, k)
	}
}

// A helper that drops the caller's lock around slow work and takes it again.
func (s *Server) flushLocked() {
	s.mu.Unlock()
	defer s.mu.Lock()
	slow()
}

func slow() {}

func (s *Server) FlushOK() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked()
}

func (s *Server) dropAndRetake() {
	s.mu.Unlock()
	slow()
	s.mu.Lock()
}

func (s *Server) RetakeOK() {
	s.mu.Lock()
	s.dropAndRetake()
	s.mu.Unlock()
}

// Two instances of one type: different locks.
func transfer(a, b *Server) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

// Held on one path only.
func (s *Server) conditional(lock bool) {
	if lock {
		s.mu.Lock()
	}
	s.remove("x")
	if lock {
		s.mu.Unlock()
	}
}

// TryLock while held does not block.
func (s *Server) try() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.TryLock()
}

// TryLock's failure branch does not hold.
func (s *Server) tryFail() {
	if !s.mu.TryLock() {
		s.mu.Lock()
	}
	s.mu.Unlock()
}

// A goroutine started under the lock takes it after the parent releases.
func (s *Server) async() {
	s.mu.Lock()
	defer s.mu.Unlock()
	go s.remove("x")
	go func() {
		s.mu.Lock()
		s.mu.Unlock()
	}()
}

// Locked in a loop, released each iteration.
func (s *Server) loop(keys []string) {
	for _, k := range keys {
		s.mu.Lock()
		delete(s.conns, k)
		s.mu.Unlock()
	}
}

// Another field of the same type.
func (s *Server) peerLock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.peer != nil {
		s.peer.remove("x")
	}
}

// Read then read of different RWMutexes.
func (s *Server) twoReads(o *Server) int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return o.count()
}

// Error path unlocks before calling the locking helper.
func (s *Server) errPath(k string) error {
	s.mu.Lock()
	if _, ok := s.conns[k]; !ok {
		s.mu.Unlock()
		s.remove(k)
		return errors.New("missing")
	}
	s.mu.Unlock()
	return nil
}

// Embedded mutex: the struct's own Lock.
type Registry struct {
	sync.Mutex
	items []int
}

func (r *Registry) Add(i int) {
	r.Lock()
	defer r.Unlock()
	r.items = append(r.items, i)
}

func (r *Registry) AddAll(is []int) {
	r.Lock()
	defer r.Unlock()
	for _, i := range is {
		r.Add(i) // want `call to \(\*Registry\).Add locks r.Mutex`
	}
}

// Package-level mutex.
var mu sync.Mutex
var registry []string

func register(name string) {
	mu.Lock()
	defer mu.Unlock()
	registry = append(registry, name)
}

func registerAll(names []string) {
	mu.Lock()
	defer mu.Unlock()
	for _, n := range names {
		register(n) // want `call to register locks mu`
	}
}
