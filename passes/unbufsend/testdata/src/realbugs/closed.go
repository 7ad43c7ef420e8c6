package realbugs

import "time"

func runJob() error { return nil }

// gohan581Wait: cloudwan/gohan PR #581 ("fix closed errChan panic"; shape
// from the PR description): the
// job reports on errChan, the caller gives up after a timeout, and its
// `defer close(errChan)` then closes the channel under the pending
// sender, which panics. Silent here by design: the sender does not block
// forever, it panics, and a buffer alone would not fix it (a send after
// the close still panics). A send after a close is doubleclose's to
// report, and it does.
func gohan581Wait(timeout time.Duration) error {
	errChan := make(chan error)
	defer close(errChan)
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
