package a

import "sync"

type flagged struct {
	mu sync.Mutex
	n  int
}

func slowIO() {}

// Not a bug: a flag records whether the lock is still held, and the final
// Unlock is guarded by it; every feasible path unlocks once.
func (f *flagged) unlockEarlyOk(cond bool) int {
	f.mu.Lock()
	locked := true
	if cond {
		f.mu.Unlock()
		locked = false
		slowIO()
	}
	n := f.n
	if locked {
		f.mu.Unlock()
	}
	return n
}

// Still a bug: the flag is cleared on a path that never unlocked.
func (f *flagged) flagClearedWithoutUnlock(cond bool) int {
	f.mu.Lock()
	locked := true
	if cond {
		locked = false
	}
	n := f.n
	if locked {
		f.mu.Unlock()
	}
	return n // want `f.mu locked at line \d+ is still held at this return`
}
