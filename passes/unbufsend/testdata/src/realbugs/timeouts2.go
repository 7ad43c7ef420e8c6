package realbugs

import (
	"context"
	"time"
)

// More timeout and early-exit leaks: a goroutine sends its one result on
// an unbuffered channel, and the function can leave without receiving it.

// sliverWait1089 reconstructs BishopFox/sliver PR #1089: when the timer
// fired first, the goroutine signalling done blocked forever, done being
// unbuffered with no receiver left.
func sliverWait1089(work func(), d time.Duration) bool {
	done := make(chan bool)
	go func() {
		work()
		done <- true // want `goroutine leaks: send on unbuffered channel done blocks forever once the select at line \d+ returns on time.After; give done a buffer of 1`
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// sliverWait1089Fixed: done has room for the one send.
func sliverWait1089Fixed(work func(), d time.Duration) bool {
	done := make(chan bool, 1)
	go func() {
		work()
		done <- true // ok: buffered
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// cadvisorRunner2549 reconstructs google/cadvisor PR #2549: "the send
// operation to the channel done will certainly be executed, but the receive
// operation may not, if the goroutine times out". The fix buffered done.
func cadvisorRunner2549(ctx context.Context, run func() error) error {
	done := make(chan error)
	go func() {
		done <- run() // want `goroutine leaks: send on unbuffered channel done blocks forever once the select at line \d+ returns on ctx.Done\(\); give \w+ a buffer of 1`
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func cadvisorRunner2549Fixed(ctx context.Context, run func() error) error {
	done := make(chan error, 1)
	go func() {
		done <- run() // ok: buffered
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// gvalEval107 reconstructs PaesslerAG/gval PR #107: evaluation ran in a
// goroutine reporting on errCh; when the context was done first, nothing
// received from errCh and the goroutine leaked.
func gvalEval107(ctx context.Context, eval func() (any, error)) (any, error) {
	type result struct {
		v   any
		err error
	}
	errCh := make(chan result)
	go func() {
		v, err := eval()
		errCh <- result{v, err} // want `goroutine leaks: send on unbuffered channel errCh blocks forever once the select at line \d+ returns on ctx.Done\(\); give \w+ a buffer of 1`
	}()
	select {
	case r := <-errCh:
		return r.v, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func gvalEval107Fixed(ctx context.Context, eval func() (any, error)) (any, error) {
	type result struct {
		v   any
		err error
	}
	errCh := make(chan result, 1)
	go func() {
		v, err := eval()
		errCh <- result{v, err} // ok: buffered
	}()
	select {
	case r := <-errCh:
		return r.v, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// k8sTestServer93008 reconstructs kubernetes/kubernetes PR #93008
// (apiextensions StartTestServer): the server ran in a goroutine that
// reported its exit on errCh, and an early error return (creating the
// client failed) left it blocked on that send.
func k8sTestServer93008(run func() error, newClient func() error) error {
	errCh := make(chan error)
	go func() {
		errCh <- run() // want `goroutine leaks: send on unbuffered channel errCh blocks forever`
	}()
	if err := newClient(); err != nil {
		return err
	}
	return <-errCh
}

func k8sTestServer93008Fixed(run func() error, newClient func() error) error {
	errCh := make(chan error, 1)
	go func() {
		errCh <- run() // ok: buffered
	}()
	if err := newClient(); err != nil {
		return err
	}
	return <-errCh
}

// k8sKubeadmWait85017 reconstructs kubernetes/kubernetes PR #85017
// (kubeadm WaitForKubeletAndFunc): two goroutines wrote to one unbuffered
// channel that was read once; the slower writer leaked. The fix gave the
// channel a buffer of one.
func k8sKubeadmWait85017(waitKubelet func() error, f func() error) error {
	errC := make(chan error)
	go func() {
		if err := waitKubelet(); err != nil {
			errC <- err // want `goroutine leaks: 2 goroutines send on unbuffered channel errC but 1 of them blocks forever once the function returns at line \d+ without receiving; give errC a buffer of 2`
		}
	}()
	go func() {
		errC <- f()
	}()
	return <-errC
}

func k8sKubeadmWait85017Fixed(waitKubelet func() error, f func() error) error {
	errC := make(chan error, 1)
	go func() {
		if err := waitKubelet(); err != nil {
			errC <- err
		}
	}()
	go func() {
		errC <- f() // ok: room for the second sender
	}()
	return <-errC
}

// receptorBridge636 reconstructs ansible/receptor PR #636 (BridgeConns):
// both halves of the bridge signalled done, and done was received once;
// one of the two sends blocked forever.
func receptorBridge636(half func()) {
	done := make(chan bool)
	go func() {
		half()
		done <- true // want `goroutine leaks: 2 goroutines send on unbuffered channel done but 1 of them blocks forever once the function returns without receiving; give done a buffer of 2`
	}()
	go func() {
		half()
		done <- true
	}()
	<-done
}

func receptorBridge636Fixed(half func()) {
	done := make(chan bool, 2)
	go func() {
		half()
		done <- true // ok: room for both
	}()
	go func() {
		half()
		done <- true
	}()
	<-done
}

// receptorWait436 reconstructs the pattern of ansible/receptor issue #436
// ("cleanup potential go leaks"): a goroutine reported on an unbuffered
// doneChan while the waiter also selected on the object's shutdown
// channel; after a shutdown nobody read doneChan and the goroutine leaked.
// The fix the issue settles on closes doneChan instead of sending on it.
type receptorNode436 struct {
	shutdown chan struct{}
}

func newReceptorNode436() *receptorNode436 {
	return &receptorNode436{shutdown: make(chan struct{})}
}

func (n *receptorNode436) Shutdown() { close(n.shutdown) }

func (n *receptorNode436) waitOn(waitOnSomething func()) bool {
	doneChan := make(chan bool)
	go func() {
		waitOnSomething()
		doneChan <- true // want `goroutine leaks: send on unbuffered channel doneChan blocks forever once the select at line \d+ returns on n.shutdown; give doneChan a buffer of 1`
	}()
	select {
	case <-doneChan:
		return true
	case <-n.shutdown:
		return false
	}
}

func (n *receptorNode436) waitOnFixed(waitOnSomething func()) bool {
	doneChan := make(chan struct{})
	go func() {
		defer close(doneChan) // ok: a close needs no receiver
		waitOnSomething()
	}()
	select {
	case <-doneChan:
		return true
	case <-n.shutdown:
		return false
	}
}
