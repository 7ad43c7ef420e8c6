package realbugs

// Closes that run again: once per frame, once per error.

type pingFrame struct {
	ack  bool
	data [8]byte
}

var goAwayPing = pingFrame{data: [8]byte{1, 6, 1, 8, 0, 3, 3, 9}}

type http2Server struct {
	drainChan chan struct{}
	drained   bool
	frames    func() (any, error)
}

// grpc5854HandlePing: grpc/grpc-go PR #5854 (issue #5786, Swift clients
// acking the GOAWAY ping twice): each ack of the GOAWAY ping closes
// t.drainChan, and the second one panics. Silent: the close is
// conditional, in a helper the read loop calls once per frame, and its
// guard `t.drainChan != nil` reads like the usual "still open" test (code
// that sets the field to nil after closing it is correct); that nothing
// ever sets it to nil is a fact about the whole type.
func (t *http2Server) grpc5854HandlePing(f *pingFrame) {
	if f.ack {
		if f.data == goAwayPing.data && t.drainChan != nil {
			close(t.drainChan)
			return
		}
	}
}

// grpc5854HandleStreams is the read loop that delivers every frame.
func (t *http2Server) grpc5854HandleStreams() {
	for {
		frame, err := t.frames()
		if err != nil {
			return
		}
		switch frame := frame.(type) {
		case *pingFrame:
			t.grpc5854HandlePing(frame)
		}
	}
}

// grpc5854HandlePingFixed: the fix fires the drain once; the state flag
// plays the part of grpc's Event.
func (t *http2Server) grpc5854HandlePingFixed(f *pingFrame) {
	if f.ack {
		if f.data == goAwayPing.data && !t.drained {
			t.drained = true
			close(t.drainChan)
			return
		}
	}
}

type swarmNode struct {
	stopped chan struct{}
	start   func() error
}

// swarmkit604Run: moby/swarmkit PR #604 ("Remove a channel close that can
// panic"): Run closes n.stopped when start fails, and its caller calls
// Shutdown on that error, which closes n.stopped again. Silent: Run
// closes only when it returns an error, and the analysis does not relate
// a helper's conditional close to the error its caller tests.
func (n *swarmNode) swarmkit604Run() error {
	if err := n.start(); err != nil {
		close(n.stopped)
		return err
	}
	return nil
}

func (n *swarmNode) swarmkit604Shutdown() { // want swarmkit604Shutdown:`closes p0.0`
	close(n.stopped)
}

func swarmkit604Caller(n *swarmNode) error {
	if err := n.swarmkit604Run(); err != nil {
		n.swarmkit604Shutdown()
		return err
	}
	return nil
}

// swarmkit604RunFixed: the fix drops Run's close; Shutdown owns it.
func (n *swarmNode) swarmkit604RunFixed() error {
	if err := n.start(); err != nil {
		return err
	}
	return nil
}
