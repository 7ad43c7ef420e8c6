//go:build go1.22

// Reconstruction of containerd/containerd#9384 ("fix ticker leak"): a
// polling goroutine stopped its ticker on one way out but returned on
// the context's Done without stopping it; the review asked for a defer,
// which is the shipped fix. Written from the description of the fix; not
// the project's code.
package realbugs

import (
	"context"
	"time"
)

// Before: the Done case returns with the ticker running.
func pollBuggy(ctx context.Context, quit <-chan struct{}, check func() bool) {
	ticker := time.NewTicker(time.Second) // want `ticker ticker is not stopped on the path to the return at line 21`
	for {
		select {
		case <-ctx.Done():
			return
		case <-quit:
			ticker.Stop()
			return
		case <-ticker.C:
			if check() {
				ticker.Stop()
				return
			}
		}
	}
}

// After: stopped by a defer on every way out.
func pollFixed(ctx context.Context, quit <-chan struct{}, check func() bool) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-quit:
			return
		case <-ticker.C:
			if check() {
				return
			}
		}
	}
}
