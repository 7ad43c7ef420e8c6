package realbugs

import "context"

// Fields whose receiver stops, or that nobody receives from at all.

type healthResult struct{ ok bool }

// p2Checker898 reconstructs square/p2 PR #898 (health checker): the
// per-pod checkers sent their results on a field channel drained by the
// checker's loop, which returns when quit is closed; a checker finishing
// after that blocked on its send forever. The fix made the sends select
// on quit as well.
type p2Checker898 struct {
	results chan healthResult
	quit    chan struct{}
}

func newP2Checker898() *p2Checker898 {
	c := &p2Checker898{results: make(chan healthResult), quit: make(chan struct{})}
	go c.loop()
	return c
}

func (c *p2Checker898) loop() {
	for {
		select {
		case r := <-c.results:
			_ = r
		case <-c.quit:
			return
		}
	}
}

func (c *p2Checker898) check(probe func() bool) {
	c.results <- healthResult{ok: probe()} // want `send on c.results blocks forever once loop has returned: its loop, the only receiver, leaves on <-c.quit`
}

func (c *p2Checker898) Stop() { close(c.quit) }

// p2Checker898Fixed: the send also leaves on quit.
type p2Checker898Fixed struct {
	results chan healthResult
	quit    chan struct{}
}

func newP2Checker898Fixed() *p2Checker898Fixed {
	c := &p2Checker898Fixed{results: make(chan healthResult), quit: make(chan struct{})}
	go c.loop()
	return c
}

func (c *p2Checker898Fixed) loop() {
	for {
		select {
		case r := <-c.results:
			_ = r
		case <-c.quit:
			return
		}
	}
}

func (c *p2Checker898Fixed) check(probe func() bool) {
	select {
	case c.results <- healthResult{ok: probe()}: // ok: gives up on quit
	case <-c.quit:
	}
}

func (c *p2Checker898Fixed) Stop() { close(c.quit) }

type registrationStatus struct{ registered bool }

// k8sExamplePlugin107193 reconstructs kubernetes/kubernetes issue #107193:
// the kubelet's example plugin kept a registrationStatus channel that
// nothing received from or closed, so every NotifyRegistrationStatus
// call blocked forever.
type k8sExamplePlugin107193 struct {
	registrationStatus chan registrationStatus
}

func newK8sExamplePlugin107193() *k8sExamplePlugin107193 {
	return &k8sExamplePlugin107193{registrationStatus: make(chan registrationStatus)}
}

func (e *k8sExamplePlugin107193) NotifyRegistrationStatus(ctx context.Context, s registrationStatus) error {
	e.registrationStatus <- s // want `send on e.registrationStatus blocks forever: nothing in this package receives from e.registrationStatus`
	return nil
}

// k8sExamplePlugin107193NonBlocking: the form such a notification takes
// when nobody need be listening (monogon's plugin registration server,
// monogon/monogon issue #435, sends the same notification this way).
type k8sExamplePlugin107193NonBlocking struct {
	registrationStatus chan registrationStatus
}

func newK8sExamplePlugin107193NonBlocking() *k8sExamplePlugin107193NonBlocking {
	return &k8sExamplePlugin107193NonBlocking{registrationStatus: make(chan registrationStatus)}
}

func (e *k8sExamplePlugin107193NonBlocking) NotifyRegistrationStatus(ctx context.Context, s registrationStatus) error {
	select {
	case e.registrationStatus <- s: // ok: drops the notification when nobody waits
	default:
	}
	return nil
}

// ibapiClient44 reconstructs hadrianl/ibapi PR #44: Disconnect signalled
// a done channel from a deferred function, and nothing received from it,
// so Disconnect stalled forever. The fix stops Disconnect from waiting on
// the empty channel; here, as the close that needs no receiver.
type ibapiClient44 struct {
	done chan bool
}

func newIbapiClient44() *ibapiClient44 { return &ibapiClient44{done: make(chan bool)} }

func (c *ibapiClient44) Disconnect() error {
	defer func() {
		c.done <- true // want `send on c.done blocks forever: nothing in this package receives from c.done`
	}()
	return nil
}

type ibapiClient44Fixed struct {
	done chan bool
}

func newIbapiClient44Fixed() *ibapiClient44Fixed { return &ibapiClient44Fixed{done: make(chan bool)} }

func (c *ibapiClient44Fixed) Disconnect() error {
	defer close(c.done) // ok: a close does not wait for a receiver
	return nil
}
