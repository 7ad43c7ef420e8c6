package realbugs

import (
	"context"
	"sync"
)

// filecoin-project/motion#149: a concurrent WaitGroup.Add from inside the
// started goroutine raced with Wait in the shutdown path; the fix adds to
// the WaitGroup before the goroutine starts.

type replicator struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc
}

func (r *replicator) run(ctx context.Context) {
	r.wg.Add(1) // want `r.wg.Add is called inside the goroutine it counts: the Wait at line 31`
	defer r.wg.Done()
	<-ctx.Done()
}

func (r *replicator) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go r.run(ctx)
}

func (r *replicator) Shutdown() {
	r.cancel()
	r.wg.Wait()
}

type replicatorFixed struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc
}

func (r *replicatorFixed) run(ctx context.Context) {
	defer r.wg.Done()
	<-ctx.Done()
}

func (r *replicatorFixed) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.wg.Add(1)
	go r.run(ctx)
}

func (r *replicatorFixed) Shutdown() {
	r.cancel()
	r.wg.Wait()
}
