package realbugs

import (
	"os"
	"sync"
)

// Closes that a guard, or its absence, decides across goroutines and
// callers: sync.Once missing.

type dockerConn struct {
	closed chan struct{}
	once   sync.Once
}

// docker24007Close: moby (Docker) #24007, Figure 9 of "Understanding
// Real-World Concurrency Bugs in Go" (ASPLOS'19). Two goroutines run the
// select-default idiom at once, both see c.closed open, and both close it.
// Silent by design: within one goroutine the idiom is a correct guard
// (doubleclose treats it as one); the race needs two concurrent callers,
// which no single function shows.
func (c *dockerConn) docker24007Close() {
	select {
	case <-c.closed:
	default:
		close(c.closed)
	}
}

// docker24007CloseFixed: the fix closes under sync.Once.
func (c *dockerConn) docker24007CloseFixed() {
	c.once.Do(func() {
		close(c.closed)
	})
}

type netlifyServer struct {
	done     chan struct{}
	doneOnce sync.Once
}

// netlifyShutdown: netlify/netlify-commons PR #263 (server.Shutdown):
// Shutdown closes s.done without a guard, and panics when called twice.
// Silent on its own by design: an unguarded Close/Shutdown method is a
// contract ("call once"); which callers call it twice is not in this
// function (one function calling it twice is reported, below).
func (s *netlifyServer) netlifyShutdown() { // want netlifyShutdown:`closes p0.0`
	close(s.done)
}

// netlifyShutdownFixed: the fix's sync.Once.
func (s *netlifyServer) netlifyShutdownFixed() {
	s.doneOnce.Do(func() {
		close(s.done)
	})
}

// netlifyServeAndShutdown: a caller that defers Shutdown and also shuts
// down on its error path (the "called twice" of netlify-commons #263 and
// of candelahq/candela #552, "Stop() twice during graceful shutdown error
// recovery"): when writing the pid file fails, the deferred Shutdown
// closes s.done a second time.
func netlifyServeAndShutdown(s *netlifyServer, pidfile string) error { // want netlifyServeAndShutdown:`closes p0.0`
	defer s.netlifyShutdown()
	if err := os.WriteFile(pidfile, nil, 0o644); err != nil {
		s.netlifyShutdown() // want `s.done is closed here and again by the deferred close at line [0-9]+ when the function returns, which panics; drop one of the two closes`
		return err
	}
	return nil
}

// netlifyServeAndShutdownFixed: with the Once-guarded Shutdown both calls
// are safe.
func netlifyServeAndShutdownFixed(s *netlifyServer, pidfile string) error {
	defer s.netlifyShutdownFixed()
	if err := os.WriteFile(pidfile, nil, 0o644); err != nil {
		s.netlifyShutdownFixed()
		return err
	}
	return nil
}

// netlifyServeAndShutdownUnknown: the same double Shutdown when the error
// comes from code of the module (serve): silent, because serve could
// re-point s.done (s.done = make(...)) before the second close, and
// doubleclose does not look inside callees for stores to a field.
func netlifyServeAndShutdownUnknown(s *netlifyServer, serve func() error) error { // want netlifyServeAndShutdownUnknown:`closes p0.0`
	defer s.netlifyShutdown()
	if err := serve(); err != nil {
		s.netlifyShutdown()
		return err
	}
	return nil
}

var gbuildSizeCh = make(chan struct{})

// ebiten1047SetGBuildSizeCh: hajimehoshi/ebiten PR #1047: the GopherJS
// resize callback closes gbuildSizeCh every time it fires. Silent: the
// closer is a callback the browser runs; how often is not in the code.
func ebiten1047SetGBuildSizeCh() {
	close(gbuildSizeCh)
}

var gbuildSizeOnce sync.Once

// ebiten1047SetGBuildSizeChFixed: the fix, sync.Once.
func ebiten1047SetGBuildSizeChFixed() {
	gbuildSizeOnce.Do(func() { close(gbuildSizeCh) })
}
