//go:build go1.22

// Reconstruction of hashicorp/vault#14814 ("VAULT-4240 time.After() in a
// select statement can lead to memory leak"): a for-select loop with a
// time.After case made a new timer on every pass, and every pass another
// case won left one behind until it fired. Written from the description
// of the fix; not the project's code.
package realbugs

import (
	"context"
	"time"
)

type event struct{ key string }

// Before: a fresh ten-minute timer per event.
func watchBuggy(ctx context.Context, events <-chan event, handle func(event), idle func()) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			handle(ev)
		case <-time.After(10 * time.Minute): // want `time.After in a loop makes a new timer on every pass`
			idle()
		}
	}
}

// After: one timer, reset on every pass.
func watchFixed(ctx context.Context, events <-chan event, handle func(event), idle func()) {
	t := time.NewTimer(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			handle(ev)
		case <-t.C:
			idle()
		}
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		t.Reset(10 * time.Minute)
	}
}
