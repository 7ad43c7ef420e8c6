// Package lib is imported by crosspkg: its lock summaries travel as facts.
package lib

import "sync"

type Pool struct {
	mu    sync.Mutex
	items []int
}

func (p *Pool) Put(i int) {
	p.mu.Lock()
	p.items = append(p.items, i)
	p.mu.Unlock()
}

func (p *Pool) Lock()   { p.mu.Lock() }
func (p *Pool) Unlock() { p.mu.Unlock() }

// PutLocked expects p's lock held.
func (p *Pool) PutLocked(i int) { p.items = append(p.items, i) }
