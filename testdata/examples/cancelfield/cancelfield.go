// Package cancelfield shows a worker whose cancel function is kept but
// never called: Stop only forgets it, and the worker's goroutine runs on.
package cancelfield

import "context"

// Worker runs a loop until stopped.
type Worker struct {
	cancel context.CancelFunc
}

// Start starts the loop.
func (w *Worker) Start(ctx context.Context, step func()) {
	ctx, w.cancel = context.WithCancel(ctx)
	go func() {
		for ctx.Err() == nil {
			step()
		}
	}()
}

// Stop forgets the worker's context instead of cancelling it.
func (w *Worker) Stop() {
	if w.cancel != nil {
		w.cancel = nil
	}
}
