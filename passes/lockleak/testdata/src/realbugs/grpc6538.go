package realbugs

import "sync"

// grpc/grpc-go#6538, clientconn: enterIdleMode returned early on one path
// with the connection's mutex still locked (found by inspection, fixed by
// unlocking on that return).

type clientConn struct {
	mu       sync.Mutex
	closed   bool
	idle     bool
	resolver *int
}

func (cc *clientConn) enterIdleMode() error {
	cc.mu.Lock()
	if cc.closed {
		return nil // want `cc.mu locked at line 17 is still held at this return`
	}
	cc.idle = true
	cc.resolver = nil
	cc.mu.Unlock()
	return nil
}

// The fix.

type clientConnFixed struct {
	mu       sync.Mutex
	closed   bool
	idle     bool
	resolver *int
}

func (cc *clientConnFixed) enterIdleMode() error {
	cc.mu.Lock()
	if cc.closed {
		cc.mu.Unlock()
		return nil
	}
	cc.idle = true
	cc.resolver = nil
	cc.mu.Unlock()
	return nil
}
