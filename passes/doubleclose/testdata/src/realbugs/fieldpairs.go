package realbugs

// Two functions closing one field.

// e2XMLClient20 and e2Source20 reconstruct qmsk/e2 issue #20 ("tally stop
// panics on source close"): a source's run goroutine closed its client
// when it ended, and stopping the tally closed every source, which closed
// the same client again: "panic: close of closed channel".
type e2XMLClient20 struct {
	closeChan chan struct{}
}

func newE2XMLClient20() *e2XMLClient20 { return &e2XMLClient20{closeChan: make(chan struct{})} }

func (c *e2XMLClient20) Close() { // want Close:`closes p0.0`
	close(c.closeChan)
}

type e2Source20 struct {
	client *e2XMLClient20
	events chan int
}

func newE2Source20() *e2Source20 {
	s := &e2Source20{client: newE2XMLClient20(), events: make(chan int)}
	go s.run()
	return s
}

func (s *e2Source20) run() {
	defer s.client.Close()
	for e := range s.events {
		_ = e
	}
}

func (s *e2Source20) close() {
	s.client.Close() // want `close of c.closeChan \(through Close\) panics once run has returned: the goroutine running run closes it too`
}

// e2Source20Fixed: only the run goroutine closes the client; close stops
// the source and lets run do it.
type e2Source20Fixed struct {
	client *e2XMLClient20
	events chan int
}

func newE2Source20Fixed() *e2Source20Fixed {
	s := &e2Source20Fixed{client: newE2XMLClient20(), events: make(chan int)}
	go s.run()
	return s
}

func (s *e2Source20Fixed) run() {
	defer s.client.Close()
	for e := range s.events {
		_ = e
	}
}

func (s *e2Source20Fixed) close() { // want close:`closes p0.1`
	close(s.events) // ok: run closes the client once
}
