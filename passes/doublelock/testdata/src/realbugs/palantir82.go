package realbugs

import "sync"

// palantir/k8s-spark-scheduler#82: ExecutorHasSoftReservation took the
// store's read lock and called GetSoftReservation, which took it again: a
// recursive read lock that deadlocks once a writer queues in between.

type softReservationStore struct {
	mu           sync.RWMutex
	reservations map[string][]string
}

func (s *softReservationStore) GetSoftReservation(app string) ([]string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.reservations[app]
	return r, ok
}

func (s *softReservationStore) ExecutorHasSoftReservation(app, executor string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.GetSoftReservation(app) // want `recursive read lock: call to \(\*softReservationStore\).GetSoftReservation read-locks s.mu`
	if !ok {
		return false
	}
	for _, e := range r {
		if e == executor {
			return true
		}
	}
	return false
}

// The fix: the outer method no longer takes the lock itself.

type softReservationStoreFixed struct {
	mu           sync.RWMutex
	reservations map[string][]string
}

func (s *softReservationStoreFixed) GetSoftReservation(app string) ([]string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.reservations[app]
	return r, ok
}

func (s *softReservationStoreFixed) ExecutorHasSoftReservation(app, executor string) bool {
	r, ok := s.GetSoftReservation(app)
	if !ok {
		return false
	}
	for _, e := range r {
		if e == executor {
			return true
		}
	}
	return false
}
