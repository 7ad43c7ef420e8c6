package a

import "sync"

type server struct {
	mu     sync.Mutex
	closed bool
	done   chan struct{}
	out    chan int
	once   sync.Once
}

// fieldClosedTwice: two loads of s.done with nothing in between that could
// re-point it are the same channel.
func fieldClosedTwice(s *server) { // want fieldClosedTwice:`closes p0.2`
	close(s.done)
	close(s.done) // want `close of s.done panics: s.done is already closed at line [0-9]+ on this path`
}

// fieldReassigned re-points s.done between the closes.
func fieldReassigned(s *server) { // want fieldReassigned:`closes p0.2`
	close(s.done)
	s.done = make(chan struct{})
	close(s.done)
}

// fieldResetByCall: reset may re-point s.done; the analysis cannot tell.
func fieldResetByCall(s *server) { // want fieldResetByCall:`closes p0.2`
	close(s.done)
	s.reset()
	close(s.done)
}

func (s *server) reset() { s.done = make(chan struct{}) }

// fieldDeferAndExplicit: the deferred close of s.out runs at return, after
// the explicit one.
func (s *server) fieldDeferAndExplicit() { // want fieldDeferAndExplicit:`closes p0.3`
	defer close(s.out)
	s.mu.Lock()
	close(s.out) // want `s.out is closed here and again by the deferred close at line [0-9]+ when the function returns, which panics`
	s.mu.Unlock()
}

// differentReceivers closes the same field of two different values.
func differentReceivers(a, b *server) { // want differentReceivers:`closes p0.2 p1.2`
	close(a.done)
	close(b.done)
}

// flagUnderLock: the second close is guarded by the closed flag, checked
// under the lock.
func (s *server) flagUnderLock() { // want flagUnderLock:`closes p0.2`
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.done)
	s.closed = true
	if !s.closed {
		close(s.done)
	}
}

// onceGuard: sync.Once runs the close at most once.
func (s *server) onceGuard() {
	s.once.Do(func() { close(s.done) })
	s.once.Do(func() { close(s.done) })
}

// capturedClosedTwice: a variable captured by a closure is still one channel.
func capturedClosedTwice() func() {
	done := make(chan struct{})
	stop := func() { <-done }
	close(done)
	close(done) // want `close of done panics: done is already closed at line [0-9]+ on this path`
	return stop
}

var globalDone = make(chan struct{})

// globalClosedTwice closes a package-level channel twice.
func globalClosedTwice() {
	close(globalDone)
	close(globalDone) // want `close of globalDone panics: globalDone is already closed at line [0-9]+ on this path`
}

// fieldSendAfterClose sends on the field it just closed.
func fieldSendAfterClose(s *server) { // want fieldSendAfterClose:`closes p0.3`
	close(s.out)
	s.out <- 1 // want `send on s.out panics: s.out is already closed at line [0-9]+ on this path`
}

// closeEachServer closes the field of a different server on each pass.
func closeEachServer(servers []*server) {
	for _, s := range servers {
		close(s.done)
	}
}

// closeFieldInLoop closes one server's field on every pass.
func closeFieldInLoop(s *server, n int) {
	for i := 0; i < n; i++ {
		close(s.done) // want `close of s.done in the loop at line [0-9]+ runs again on the next iteration and panics`
	}
}

// shutdown always closes s.done.
func (s *server) shutdown() { // want shutdown:`closes p0.2`
	close(s.done)
}

// stop closes s.done only once, under the lock.
func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// run closes s.out when it returns.
func (s *server) run() { // want run:`closes p0.3`
	defer close(s.out)
	s.out <- 1
}

// shutdownTwice: the second shutdown closes s.done again.
func shutdownTwice(s *server) { // want shutdownTwice:`closes p0.2`
	s.shutdown()
	s.shutdown() // want `close of s.done panics: s.done is already closed at line [0-9]+ on this path`
}

// deferShutdownAndClose: the deferred shutdown closes s.done again.
func deferShutdownAndClose(s *server) { // want deferShutdownAndClose:`closes p0.2`
	defer s.shutdown()
	close(s.done) // want `s.done is closed here and again by the deferred close at line [0-9]+ when the function returns, which panics`
}

// stopTwice: stop checks its flag.
func stopTwiceGuarded(s *server) {
	s.stop()
	s.stop()
}

// runInLoop starts run, which closes s.out, several times.
func runInLoop(s *server, n int) {
	for i := 0; i < n; i++ {
		go s.run() // want `close of s.out runs in every goroutine started at line [0-9]+ in a loop: the second goroutine to close it panics`
	}
}

// literalInLoop starts a literal that closes s.out several times.
func literalInLoop(s *server, n int) {
	for i := 0; i < n; i++ {
		go func() { // want `close of s.out runs in every goroutine started at line [0-9]+ in a loop: the second goroutine to close it panics`
			defer close(s.out)
		}()
	}
}

// runEachServer starts one run per server.
func runEachServer(servers []*server) {
	for _, s := range servers {
		go s.run()
	}
}

// runAndShutdownOut: the goroutine closes s.out, and so does the parent.
func runAndClose(s *server) { // want runAndClose:`closes p0.3`
	go s.run()
	close(s.out) // want `close of s.out panics: s.out is also closed by the goroutine started at line [0-9]+`
}
