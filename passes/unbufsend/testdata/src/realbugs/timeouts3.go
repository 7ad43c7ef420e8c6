package realbugs

import (
	"context"
	"time"
)

// racerPing188 reconstructs quii/learn-go-with-tests PR #188 (the select
// chapter's Racer): ping started a goroutine that sent on an unbuffered
// channel and returned the channel; Racer selected on two pings and a
// timeout, so the losing ping's goroutine blocked forever. The fix closes
// the channel instead of sending on it.
func racerPing188(get func()) chan bool {
	ch := make(chan bool)
	go func() {
		get()
		ch <- true
	}()
	return ch
}

func racer188(a, b func(), timeout time.Duration) int {
	select {
	case <-racerPing188(a): // want `goroutine leaks: send on unbuffered channel returned by racerPing188 blocks forever once the select at line \d+ returns on time.After`
		return 1
	case <-racerPing188(b): // want `goroutine leaks: send on unbuffered channel returned by racerPing188 blocks forever once the select at line \d+ returns on time.After`
		return 2
	case <-time.After(timeout):
		return 0
	}
}

func racerPing188Fixed(get func()) chan struct{} {
	ch := make(chan struct{})
	go func() {
		get()
		close(ch) // ok: a close needs no receiver
	}()
	return ch
}

func racer188Fixed(a, b func(), timeout time.Duration) int {
	select {
	case <-racerPing188Fixed(a):
		return 1
	case <-racerPing188Fixed(b):
		return 2
	case <-time.After(timeout):
		return 0
	}
}

// k8sAvailability91160 reconstructs kubernetes/kubernetes PR #91160
// (kube-aggregator availability controller): the discovery check ran in a
// goroutine reporting on errCh, and the controller waited for it with a
// timeout; after the timeout errCh had no reader. The fix gave errCh a
// buffer.
func k8sAvailability91160(check func() error) error {
	errCh := make(chan error)
	go func() {
		errCh <- check() // want `goroutine leaks: send on unbuffered channel errCh blocks forever once the select at line \d+ returns on time.After; give errCh a buffer of 1`
	}()
	select {
	case err := <-errCh:
		return err
	case <-time.After(6 * time.Second):
		return context.DeadlineExceeded
	}
}

func k8sAvailability91160Fixed(check func() error) error {
	errCh := make(chan error, 1)
	go func() {
		errCh <- check() // ok: buffered
	}()
	select {
	case err := <-errCh:
		return err
	case <-time.After(6 * time.Second):
		return context.DeadlineExceeded
	}
}

// mysteriumWaitMsg2160 reconstructs mysteriumnetwork/node PR #2160 (NAT
// pinger waitMsg): a goroutine read from the connection and signalled ok
// on an unbuffered channel; when the context expired first, nobody read ok
// and the goroutine leaked. The fix made the signal not block.
func mysteriumWaitMsg2160(ctx context.Context, read func() bool) error {
	ok := make(chan struct{})
	go func() {
		if read() {
			ok <- struct{}{} // want `goroutine leaks: send on unbuffered channel ok blocks forever once the select at line \d+ returns on ctx.Done\(\); give ok a buffer of 1`
		}
	}()
	select {
	case <-ok:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func mysteriumWaitMsg2160Fixed(ctx context.Context, read func() bool) error {
	ok := make(chan struct{}, 1)
	go func() {
		if read() {
			ok <- struct{}{} // ok: buffered
		}
	}()
	select {
	case <-ok:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// k8sProxyTest91450 reconstructs kubernetes/kubernetes PR #91450
// (kube-proxy test): the goroutine under test reported on errch while the
// test selected on errch and a timeout; when the timeout won, the
// goroutine hung forever. The fix buffered errch.
func k8sProxyTest91450(run func() error, timeout time.Duration) error {
	errch := make(chan error)
	go func() {
		errch <- run() // want `goroutine leaks: send on unbuffered channel errch blocks forever once the select at line \d+ returns on time.After; give errch a buffer of 1`
	}()
	select {
	case err := <-errch:
		return err
	case <-time.After(timeout):
		return nil
	}
}

func k8sProxyTest91450Fixed(run func() error, timeout time.Duration) error {
	errch := make(chan error, 1)
	go func() {
		errch <- run() // ok: buffered
	}()
	select {
	case err := <-errch:
		return err
	case <-time.After(timeout):
		return nil
	}
}
