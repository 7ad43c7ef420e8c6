package a

import "sync"

type notifier struct {
	mu   sync.Mutex
	wake chan struct{}
}

// broadcast wakes every waiter by closing the channel, and leaves a fresh
// one for the next round.
func (n *notifier) broadcast() {
	n.mu.Lock()
	close(n.wake)
	n.wake = make(chan struct{})
	n.mu.Unlock()
}

// shutdown closes the channel for good.
func (n *notifier) shutdown() { // want shutdown:`closes p0.1`
	n.mu.Lock()
	close(n.wake)
	n.mu.Unlock()
}

// Not a bug: each broadcast closes a different channel.
func wakeTwice(n *notifier) {
	n.broadcast()
	defer n.broadcast()
	n.broadcast()
}

// Still a bug: the second shutdown closes the closed channel.
func notifierShutdownTwice(n *notifier) { // want notifierShutdownTwice:`closes p0.1`
	n.shutdown()
	n.shutdown() // want `close of n.wake panics: n.wake is already closed at line \d+ on this path`
}
