package a

import "testing"

// Ok: the test sends while it knows run is running, and stops the engine
// only afterwards: it drives the lifecycle itself.
func TestEngineDirect(t *testing.T) {
	e := newEngine()
	e.reqs <- request{reply: make(chan int, 1)}
	e.Stop()
}
