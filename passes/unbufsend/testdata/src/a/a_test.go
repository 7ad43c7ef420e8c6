package a

import (
	"context"
	"testing"
)

// OK: the only path that strands the sender has already failed the test.
func TestTimeout(t *testing.T) {
	ctx := context.Background()
	errc := make(chan error)
	go func() { errc <- work(1) }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-ctx.Done():
		t.Errorf("timed out")
	}
}

// A passing test that never receives leaks its goroutine.
func TestNeverReceived(t *testing.T) {
	done := make(chan error)
	go func() {
		done <- work(1) // want `send on unbuffered channel done blocks forever because nothing receives from it`
	}()
}
