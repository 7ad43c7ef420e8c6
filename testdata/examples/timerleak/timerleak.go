//go:build go1.22

// Package timerleak shows a ticker that, in a file built for Go 1.22,
// keeps firing after the function has returned.
package timerleak

import (
	"context"
	"time"
)

// Poll calls check every second until it succeeds or ctx is done.
func Poll(ctx context.Context, check func() bool) error {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if check() {
				t.Stop()
				return nil
			}
		}
	}
}
