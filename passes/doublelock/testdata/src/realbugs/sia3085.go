package realbugs

import "sync"

// NebulousLabs/Sia#3085: the gateway's Peers() read-locked the gateway's
// mutex a second time while a caller's read lock was held; the
// maintainers noted the RLock-RLock deadlock with a writer in between.

type gateway struct {
	mu    sync.RWMutex
	peers map[string]bool
}

func (g *gateway) peerList() []string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var out []string
	for p := range g.peers {
		out = append(out, p)
	}
	return out
}

func (g *gateway) Peers() []string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.peerList() // want `recursive read lock: call to \(\*gateway\).peerList read-locks g.mu`
}

// The fix: the unnecessary second lock is removed.

type gatewayFixed struct {
	mu    sync.RWMutex
	peers map[string]bool
}

func (g *gatewayFixed) peerList() []string {
	var out []string
	for p := range g.peers {
		out = append(out, p)
	}
	return out
}

func (g *gatewayFixed) Peers() []string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.peerList()
}
