package realbugs

import "sync"

// cockroachdb/cockroach#16141: a recursive read-lock acquisition on an
// RWMutex (sql, TestLogic) hung against a concurrent Lock. The
// maintainers replaced the RWMutex use; here the shape: a method holding
// the read lock calls a helper that read-locks again.

type leaseState struct {
	mu     sync.RWMutex
	leases map[int]int
}

func (s *leaseState) count(id int) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.leases[id]
}

func (s *leaseState) total(ids []int) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, id := range ids {
		n += s.count(id) // want `recursive read lock: call to \(\*leaseState\).count read-locks s.mu`
	}
	return n
}

// The fix: one acquisition; the helper reads under the caller's lock.

type leaseStateFixed struct {
	mu     sync.Mutex
	leases map[int]int
}

func (s *leaseStateFixed) countLocked(id int) int { return s.leases[id] }

func (s *leaseStateFixed) total(ids []int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, id := range ids {
		n += s.countLocked(id)
	}
	return n
}
