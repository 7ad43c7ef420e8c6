package tested

import "testing"

func TestStop(t *testing.T) {
	done := make(chan struct{})
	close(done)
	close(done)
}
