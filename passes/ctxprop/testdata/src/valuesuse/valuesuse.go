package valuesuse

import (
	"context"

	"valueslib"
)

// Ok: InfoContext would only read the trace ID from ctx; calling Info
// loses nothing that can be cancelled.
func logOnly(ctx context.Context, l *valueslib.Logger) {
	l.Info("starting")
}

// FetchContext waits on its context: the context-less call keeps waiting
// after ctx is cancelled.
func fetch(ctx context.Context, c *valueslib.Client) string {
	return c.Fetch("k") // want `c.Fetch cannot be cancelled: it ignores ctx`
}

// Ok: Barrier uses its context as a flag; TODO passed there drops no
// cancellation.
func barrier(ctx context.Context, done chan struct{}) {
	valueslib.Barrier(context.TODO(), done)
}

// Wait does wait on its context.
func wait(ctx context.Context, done chan struct{}) {
	valueslib.Wait(context.TODO(), done) // want `context.TODO\(\) passed to valueslib.Wait drops ctx`
}
