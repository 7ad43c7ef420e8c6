package realbugs

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timeout")

func runJob() error { return nil }

// gohan581Wait: cloudwan/gohan PR #581 ("fix closed errChan panic": "make
// errChan with single buffer value, so it's not blocking; delete defer
// close, since it's not needed"). After the timeout the function returns
// and its deferred close closes errChan under the job's goroutine, whose
// send then panics.
func gohan581Wait(timeout time.Duration) error {
	errChan := make(chan error)
	defer close(errChan)
	go func() {
		errChan <- runJob() // want `send on errChan panics once the function returns at line [0-9]+ without receiving from it: the deferred close at line [0-9]+ closes errChan before this goroutine \(started at line [0-9]+\) can send; do not close errChan there, or receive from it on every path`
	}()
	select {
	case err := <-errChan:
		return err
	case <-time.After(timeout):
		return errTimeout
	}
}

// gohan581WaitFixed: the fix, a buffer of 1 and no close.
func gohan581WaitFixed(timeout time.Duration) error {
	errChan := make(chan error, 1)
	go func() {
		errChan <- runJob()
	}()
	select {
	case err := <-errChan:
		return err
	case <-time.After(timeout):
		return errTimeout
	}
}

// OK: every path receives the goroutine's send before the deferred close
// runs.
func deferCloseAfterReceive() error {
	errChan := make(chan error)
	defer close(errChan)
	go func() {
		errChan <- runJob()
	}()
	return <-errChan
}

// OK: the goroutine sends only on failure; on success it may never send.
// (Still a panic on the failure path after a timeout, but whether it
// fails is data.)
func deferCloseConditionalSend(timeout time.Duration) error {
	errChan := make(chan error)
	defer close(errChan)
	go func() {
		if err := runJob(); err != nil {
			errChan <- err
		}
	}()
	select {
	case err := <-errChan:
		return err
	case <-time.After(timeout):
		return errTimeout
	}
}
