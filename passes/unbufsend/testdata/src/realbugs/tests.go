package realbugs

import (
	"errors"
	"testing"
	"time"
)

func retry(timeout time.Duration, f func() error) error { return f() }

// terraform25546TestRetryError: hashicorp/terraform PR #25546
// (helper/resource TestRetry_error). On a timeout the goroutine is left blocked on errCh.
// Silent by design: the only path that leaves without receiving calls
// t.Fatal, and a leak in a test that has already failed does not matter.
// (Several such fixes — Prometheus #8274, moby #40994, cadvisor #2549 —
// are of this kind.)
func terraform25546TestRetryError(t *testing.T) {
	expected := errors.New("nope")
	errCh := make(chan error)
	go func() {
		errCh <- retry(time.Second, func() error { return expected })
	}()
	select {
	case err := <-errCh:
		if err != expected {
			t.Fatalf("bad: %#v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("timeout")
	}
}

// terraform25546TestRetryErrorFixed: the PR's buffer of 1.
func terraform25546TestRetryErrorFixed(t *testing.T) {
	expected := errors.New("nope")
	errCh := make(chan error, 1)
	go func() {
		errCh <- retry(time.Second, func() error { return expected })
	}()
	select {
	case err := <-errCh:
		if err != expected {
			t.Fatalf("bad: %#v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("timeout")
	}
}

// timeoutLogsInTest: the same test shape when the timeout only logs and
// returns: the test passes and the goroutine leaks, which is reported.
func timeoutLogsInTest(t *testing.T) {
	errCh := make(chan error)
	go func() {
		errCh <- retry(time.Second, func() error { return nil }) // want `goroutine leaks: send on unbuffered channel errCh blocks forever once the select at line [0-9]+ returns on time.After; give errCh a buffer of 1`
	}()
	select {
	case err := <-errCh:
		t.Log(err)
	case <-time.After(5 * time.Second):
		t.Log("timeout, giving up")
	}
}
