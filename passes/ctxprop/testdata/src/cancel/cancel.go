package cancel

import (
	"context"
	"errors"
	"log"
	"time"
)

func work(context.Context) error { return nil }

// discarded: the cancel function is thrown away, so the timer lives until
// it fires and the context until the parent is done.
func discarded(ctx context.Context) {
	ctx, _ = context.WithTimeout(ctx, time.Second) // want `the cancel function returned by context.WithTimeout is discarded`
	work(ctx)
}

// earlyReturn: the error path returns before the deferred cancel is set up.
func earlyReturn(ctx context.Context, check func() error) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function cancel of context.WithTimeout is not called on the path to the return at line [0-9]+`
	if err := check(); err != nil {
		return err
	}
	defer cancel()
	return work(ctx)
}

// overwritten: the first cancel is replaced before anything calls it; go
// vet's lostcancel sees the variable used and stays quiet.
func overwritten(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function cancel of context.WithCancel is never called \(the variable is overwritten or unused\)`
	ctx, cancel = context.WithTimeout(ctx, time.Second)
	defer cancel()
	work(ctx)
}

// loop: an iteration that continues skips the cancel, and the next
// iteration replaces it.
func loop(ctx context.Context, items []string) {
	for _, it := range items {
		c, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function cancel of context.WithTimeout is not called before the loop comes back to line [0-9]+`
		if it == "" {
			continue
		}
		work(c)
		cancel()
	}
}

// causeVariant: the Cause variants leak the same way.
func causeVariant(ctx context.Context, ok bool) {
	ctx, cancel := context.WithCancelCause(ctx) // want `the cancel function cancel of context.WithCancelCause is not called on the path to the end of the function at line [0-9]+`
	if ok {
		cancel(errors.New("done"))
		return
	}
	work(ctx)
}

// OkDeferred: the usual shape.
func OkDeferred(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return work(ctx)
}

// OkReturned: the caller owns the cancel function.
func OkReturned(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	return ctx, cancel
}

// OkNamedResults: a naked return hands the cancel function to the caller.
func OkNamedResults(parent context.Context) (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithTimeout(parent, time.Second)
	return
}

type server struct {
	cancel context.CancelFunc
}

// OkStored: the server calls s.cancel when it stops.
func (s *server) OkStored(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	work(ctx)
}

// OkStoredVar: stored after an assignment to a local.
func (s *server) OkStoredVar(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	work(ctx)
}

// OkCaptured: a goroutine calls it when the work is done.
func OkCaptured(ctx context.Context, done chan struct{}) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		<-done
		cancel()
	}()
	work(ctx)
}

// OkHandedOff: a helper takes responsibility for calling it.
func OkHandedOff(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	callLater(cancel)
	work(ctx)
}

func callLater(f func()) { defer f() }

// OkConditional: the cancel function is nil on one path and checked.
func OkConditional(ctx context.Context, d time.Duration) {
	var cancel context.CancelFunc
	if d > 0 {
		ctx, cancel = context.WithTimeout(ctx, d)
	}
	work(ctx)
	if cancel != nil {
		cancel()
	}
}

// OkBothBranches: a phi of two cancel functions, deferred once.
func OkBothBranches(ctx context.Context, d time.Duration) {
	var cancel context.CancelFunc
	if d > 0 {
		ctx, cancel = context.WithTimeout(ctx, d)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	work(ctx)
}

// OkFatal: the error path ends the process.
func OkFatal(ctx context.Context, check func() error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	if err := check(); err != nil {
		log.Fatal(err)
	}
	defer cancel()
	work(ctx)
}

// OkPanics: a panic is not a return.
func OkPanics(ctx context.Context, check func() error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	if err := check(); err != nil {
		panic(err)
	}
	defer cancel()
	work(ctx)
}

func fail(msg string) {
	log.Println(msg)
	panic(msg)
}

// OkLocalNoReturn: fail never returns.
func OkLocalNoReturn(ctx context.Context, check func() error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	if err := check(); err != nil {
		fail(err.Error())
	}
	defer cancel()
	work(ctx)
}

// OkBlanked: `_ = cancel` says the context lives until its parent on
// purpose.
func OkBlanked(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	_ = cancel
	work(ctx)
}

// OkLoopCancelEachIteration: the previous iteration's cancel is called at
// the top of the next one, and after the loop.
func OkLoopCancelEachIteration(ctx context.Context, n int) {
	var cancel context.CancelFunc = func() {}
	for i := 0; i < n; i++ {
		cancel()
		var c context.Context
		c, cancel = context.WithCancel(ctx)
		work(c)
	}
	cancel()
}

// OkServeForever: no path returns.
func OkServeForever(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	for {
		if work(ctx) != nil {
			cancel()
		}
	}
}

// OkIgnored: the author silenced the finding with a reason.
func OkIgnored(ctx context.Context) {
	//leakvet:ignore ctxprop the parent is cancelled a line later by the caller
	ctx, _ = context.WithCancel(ctx)
	work(ctx)
}

// OkDoneReturn: once the derived context is done it has released what
// cancel would release; the other path calls cancel.
func OkDoneReturn(ctx context.Context, in chan bool) {
	ctx, cancel := context.WithCancel(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-in:
			if v {
				cancel()
			}
		}
	}
}

// OkErrReturn: ctx.Err() != nil says the same.
func OkErrReturn(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	if work(ctx) != nil {
		if ctx.Err() != nil {
			return
		}
	}
	cancel()
}

// doneOther: another context being done says nothing about this one.
func doneOther(ctx, other context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function cancel of context.WithCancel is not called on the path to the return at line [0-9]+`
	select {
	case <-other.Done():
		return
	default:
	}
	work(ctx)
	cancel()
}

// capturedLate: the goroutine that would call cancel is never started on
// the error path.
func capturedLate(ctx context.Context, check func() error, done chan struct{}) error {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function cancel of context.WithCancel is not called on the path to the return at line [0-9]+`
	if err := check(); err != nil {
		return err
	}
	go func() {
		<-done
		cancel()
	}()
	return work(ctx)
}

// stop calls the cancel function OkStored and OkStoredVar keep.
func (s *server) stop() { s.cancel() }
