package lib // want package:`lockorder\(Topic.mu->Bus.mu\)`

import "sync"

type Bus struct {
	mu       sync.Mutex
	handlers []func()
}

type Topic struct {
	mu  sync.Mutex
	bus *Bus
}

// Publish holds the topic's lock and takes the bus's.
func (t *Topic) Publish() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bus.mu.Lock()
	t.bus.mu.Unlock()
}

func (b *Bus) Lock()   { b.mu.Lock() }
func (b *Bus) Unlock() { b.mu.Unlock() }
