// Reconstructions of published context bugs, each beside the fix that
// shipped, which must stay silent.
package realbugs

import (
	"context"
	"errors"
	"time"
)

type bill struct{}

type s3 struct{}

func (s3) getBills(context.Context) ([]bill, error) { return nil, nil }

// trackit/trackit#333 ("Fix a bunch of context leaks"): a copy-pasted
// template called cancel only after the call succeeded, so every error
// return left the timeout context (and its timer) alive.
func readBills(ctx context.Context, svc s3) ([]bill, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second) // want `the cancel function cancel of context.WithTimeout is not called on the path to the return at line [0-9]+`
	bills, err := svc.getBills(ctx)
	if err != nil {
		return nil, err
	}
	cancel()
	return bills, nil
}

// The fix defers cancel right after the call.
func readBillsFixedOk(ctx context.Context, svc s3) ([]bill, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return svc.getBills(ctx)
}

type l2Contract struct{}

func (l2Contract) blockTime(context.Context) (uint64, error) { return 0, nil }

// kroma-network/kroma#139 (NewL2OutputSubmitter): an audit flagged the
// explicit cancels, but both paths call cCancel; the change to defer was
// style, not a fix. Silent before and after.
func newSubmitterOk(ctx context.Context, c l2Contract) (uint64, error) {
	cCtx, cCancel := context.WithTimeout(ctx, time.Second)
	t, err := c.blockTime(cCtx)
	if err != nil {
		cCancel()
		return 0, errors.New("failed to get l2 block time")
	}
	cCancel()
	return t, nil
}

// A connTracker keeps the cancel function of each connection's context.
type connTracker struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func serveConn(context.Context) {}

// SagerNet/sing-box#649 ("Fixes memory leak"): each connection derived a
// context and kept its cancel in a field that nothing ever called, so the
// contexts of closed connections stayed reachable from the long-lived
// parent. The field is unexported and this package never reads it: nobody
// can call it.
func track(parent context.Context) *connTracker {
	t := &connTracker{}
	t.ctx, t.cancel = context.WithCancel(parent) // want `the cancel function of context.WithCancel is stored in connTracker.cancel, which nothing in this package reads`
	go serveConn(t.ctx)
	return t
}

// A closer has the same shape, but its Close calls the stored function.
type closer struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (c *closer) Close() { c.cancel() }

// The fix: the connection's Close calls the stored cancel.
func trackFixedOk(parent context.Context) *closer {
	c := &closer{}
	c.ctx, c.cancel = context.WithCancel(parent)
	go serveConn(c.ctx)
	return c
}

// Exported is a field other packages may call.
type Exported struct {
	Cancel context.CancelFunc
}

// Stored in an exported field: the caller may call it, so stay silent.
func exportedFieldOk(parent context.Context) *Exported {
	e := &Exported{}
	_, e.Cancel = context.WithCancel(parent)
	return e
}
