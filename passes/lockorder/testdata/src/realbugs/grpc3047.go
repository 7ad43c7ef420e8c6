package realbugs

import "sync"

// grpc/grpc-go#3047: ClientConn.ResetConnectBackoff held cc.mu and took
// each addrConn's ac.mu, while addrConn.resetTransport held ac.mu and,
// through updateConnectivityState and the balancer callback, took cc.mu.

type clientConn struct {
	mu    sync.Mutex
	conns map[*addrConn]bool
	state int
}

type addrConn struct {
	mu      sync.Mutex
	cc      *clientConn
	backoff int
	state   int
}

func (cc *clientConn) ResetConnectBackoff() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	for ac := range cc.conns {
		ac.resetConnectBackoff()
	}
}

func (ac *addrConn) resetConnectBackoff() {
	ac.mu.Lock()
	ac.backoff = 0
	ac.mu.Unlock()
}

func (cc *clientConn) handleSubConnStateChange(s int) {
	cc.mu.Lock()
	cc.state = s
	cc.mu.Unlock()
}

func (ac *addrConn) updateConnectivityState(s int) {
	ac.state = s
	ac.cc.handleSubConnStateChange(s)
}

func (ac *addrConn) resetTransport() {
	ac.mu.Lock()
	ac.updateConnectivityState(1) // want `lock order inversion: ac.cc.mu \(by the call to \(\*addrConn\).updateConnectivityState\) is acquired while holding ac.mu`
	ac.mu.Unlock()
}

// The fix: the state change is reported after ac.mu is released.

type clientConnFixed struct {
	mu    sync.Mutex
	conns map[*addrConnFixed]bool
	state int
}

type addrConnFixed struct {
	mu      sync.Mutex
	cc      *clientConnFixed
	backoff int
	state   int
}

func (cc *clientConnFixed) ResetConnectBackoff() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	for ac := range cc.conns {
		ac.resetConnectBackoff()
	}
}

func (ac *addrConnFixed) resetConnectBackoff() {
	ac.mu.Lock()
	ac.backoff = 0
	ac.mu.Unlock()
}

func (cc *clientConnFixed) handleSubConnStateChange(s int) {
	cc.mu.Lock()
	cc.state = s
	cc.mu.Unlock()
}

func (ac *addrConnFixed) resetTransport() {
	ac.mu.Lock()
	ac.state = 1
	ac.mu.Unlock()
	ac.cc.handleSubConnStateChange(1)
}
