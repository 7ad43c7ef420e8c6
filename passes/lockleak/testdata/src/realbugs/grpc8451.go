package realbugs

import (
	"sync"
	"time"
)

// grpc/grpc-go#8451, transport: an early return added for already expired
// deadlines in server streams left the server transport's mutex held
// forever (#8439 introduced the return).

type serverTransport struct {
	mu            sync.Mutex
	activeStreams map[uint32]bool
}

func (t *serverTransport) operateHeaders(id uint32, deadline time.Time) bool {
	t.mu.Lock()
	if !deadline.IsZero() && time.Until(deadline) <= 0 {
		return false // want `t.mu locked at line 18 is still held at this return`
	}
	t.activeStreams[id] = true
	t.mu.Unlock()
	return true
}

// The fix: release the mutex before returning on an expired deadline.

type serverTransportFixed struct {
	mu            sync.Mutex
	activeStreams map[uint32]bool
}

func (t *serverTransportFixed) operateHeaders(id uint32, deadline time.Time) bool {
	t.mu.Lock()
	if !deadline.IsZero() && time.Until(deadline) <= 0 {
		t.mu.Unlock()
		return false
	}
	t.activeStreams[id] = true
	t.mu.Unlock()
	return true
}
