package a

type handler interface{ Execute() error }

// noResponse is a test double for a handler that never answers.
type noResponse struct{ called chan struct{} }

func newNoResponse() noResponse { return noResponse{called: make(chan struct{})} }

// Not a bug: the fake blocks forever on purpose; the receive follows the
// make with nothing that could have sent in between.
func (h noResponse) Execute() error {
	close(h.called)
	never := make(chan struct{})
	<-never
	return nil
}

func startWork(func()) {}

// Still a bug: the work was started but never told about done.
func forgotToSignal() {
	done := make(chan struct{})
	startWork(func() {})
	<-done // want `receive from done blocks forever: nothing sends on or closes done`
}
