package realbugs

import "sync"

// grpc/grpc-go#795 (fixes #793): GracefulStop called a second time
// returned early with the server's mutex held, so every later call that
// needed it deadlocked; the fix deferred the unlock.

type server struct {
	mu    sync.Mutex
	lis   map[int]bool
	conns map[int]bool
}

func (s *server) GracefulStop() {
	s.mu.Lock()
	if s.conns == nil {
		return // want `s.mu locked at line 16 is still held at this return`
	}
	for l := range s.lis {
		delete(s.lis, l)
	}
	s.conns = nil
	s.mu.Unlock()
}

// The fix.

type serverFixed struct {
	mu    sync.Mutex
	lis   map[int]bool
	conns map[int]bool
}

func (s *serverFixed) GracefulStop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns == nil {
		return
	}
	for l := range s.lis {
		delete(s.lis, l)
	}
	s.conns = nil
}
