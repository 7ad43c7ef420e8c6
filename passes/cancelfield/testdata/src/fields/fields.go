package fields

import (
	"context"
	"time"
)

// The cancel function is only ever tested against nil.
type worker struct {
	cancel context.CancelFunc
}

func (w *worker) Start(ctx context.Context) {
	ctx, w.cancel = context.WithCancel(ctx) // want `the cancel function of context.WithCancel is kept in worker.cancel, which is read but never called`
	go loop(ctx)
}

func (w *worker) Running() bool { return w.cancel != nil }

func loop(ctx context.Context) { <-ctx.Done() }

// Called in Stop: fine.
type stopper struct {
	cancel context.CancelFunc
}

func (s *stopper) Start(ctx context.Context) {
	ctx, s.cancel = context.WithTimeout(ctx, time.Minute)
	go loop(ctx)
}

func (s *stopper) Stop() {
	if s.cancel != nil {
		s.cancel()
	}
}

// Called in Close through defer: fine.
type closer struct {
	stop func()
}

func newCloser() *closer {
	ctx, cancel := context.WithCancel(context.Background())
	go loop(ctx)
	return &closer{stop: cancel}
}

func (c *closer) Close() error {
	defer c.stop()
	return nil
}

// Handed to a goroutine: it may call it.
type handed struct {
	cancel context.CancelFunc
}

func (h *handed) Start() {
	var ctx context.Context
	ctx, h.cancel = context.WithCancel(context.Background())
	go watch(ctx, h.cancel)
}

func watch(ctx context.Context, cancel context.CancelFunc) { defer cancel(); <-ctx.Done() }

// A field never read: ctxprop's case, not this analyzer's.
type unread struct {
	cancel context.CancelFunc
}

func (u *unread) Start() {
	_, u.cancel = context.WithCancel(context.Background())
}

// Exported: other packages may call it.
type Exported struct {
	Cancel context.CancelFunc
}

func (e *Exported) Start() bool {
	_, e.Cancel = context.WithCancel(context.Background())
	return e.Cancel != nil
}

// Returned by a getter: the caller may call it.
type getter struct {
	cancel context.CancelCauseFunc
}

func (g *getter) Start() {
	_, g.cancel = context.WithCancelCause(context.Background())
}

func (g *getter) Canceller() context.CancelCauseFunc { return g.cancel }

// A generic holder whose cancel is only compared.
type holder[T any] struct {
	v      T
	cancel context.CancelFunc
}

func (h *holder[T]) Start() {
	_, h.cancel = context.WithDeadline(context.Background(), time.Now()) // want `the cancel function of context.WithDeadline is kept in holder.cancel`
}

func (h *holder[T]) Started() bool { return h.cancel != nil }
