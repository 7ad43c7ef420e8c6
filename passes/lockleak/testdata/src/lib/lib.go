package lib

import "sync"

type DB struct {
	mu sync.Mutex
	n  int
}

// Begin returns holding the lock; Commit releases it.
func (d *DB) Begin() { d.mu.Lock() }

func (d *DB) Commit() { d.mu.Unlock() }
