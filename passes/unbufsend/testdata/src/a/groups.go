package a

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"
)

// errgroup's g.Go and sync.WaitGroup's wg.Go run the closure on a new
// goroutine: they are go statements for the analysis.

// The timeout leak with g.Go: once ctx is done nobody receives, and the
// function never waits for the group.
func groupSelectCtx(ctx context.Context) (int, error) {
	var g errgroup.Group
	ch := make(chan int)
	g.Go(func() error {
		ch <- slow() // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on ctx.Done\(\); give ch a buffer of 1`
		return nil
	})
	select {
	case v := <-ch:
		return v, g.Wait()
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The same with wg.Go (Go 1.25).
func waitGroupSelectCtx(ctx context.Context) (int, error) {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Go(func() {
		ch <- slow() // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on ctx.Done\(\); give ch a buffer of 1`
	})
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// An early return before the receive, with errgroup.WithContext.
func groupEarlyReturn(ctx context.Context, fail bool) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		ch <- slow() // want `goroutine leaks: send on unbuffered channel ch blocks forever once the function returns at line [0-9]+ without receiving; give ch a buffer of 1`
		return nil
	})
	if fail {
		return 0, errors.New("fail")
	}
	v := <-ch
	return v, g.Wait()
}

// OK: the parent receives, then waits for the group.
func groupRecvThenWait(ctx context.Context) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		ch <- slow()
		return nil
	})
	v := <-ch
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return v, nil
}

// OK: the sender selects on the group's context.
func groupGuardedSend(ctx context.Context) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		select {
		case ch <- slow():
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	select {
	case v := <-ch:
		return v, g.Wait()
	case <-ctx.Done():
		return 0, g.Wait()
	}
}

// OK: a producer and a consumer in the same group; the group's Wait
// returns once the consumer has drained the producer.
func groupPipeline(ctx context.Context, xs []int) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
		return nil
	})
	sum := 0
	g.Go(func() error {
		for v := range ch {
			sum += v
		}
		return nil
	})
	return sum, g.Wait()
}

// OK: wg.Go workers, a closer goroutine that waits then closes, and a
// range that drains every send.
func waitGroupFanIn(xs []int) int {
	var wg sync.WaitGroup
	results := make(chan int)
	for _, x := range xs {
		wg.Go(func() {
			results <- x * 2
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}

// Deadlock: g.Wait waits for the goroutine, which blocks on the send that
// is only received after Wait returns.
func groupWaitBeforeRecv(ctx context.Context) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		ch <- slow() // want `deadlock: g.Wait at line [0-9]+ waits for the goroutine that blocks sending on unbuffered channel ch, which is only received after it; receive from ch before waiting, or give ch a buffer of 1`
		return nil
	})
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return <-ch, nil
}

// Deadlock with wg.Go in a loop: no buffer size is known for the fix.
func waitGroupWaitBeforeRange(xs []int) int {
	var wg sync.WaitGroup
	results := make(chan int)
	for _, x := range xs {
		wg.Go(func() {
			results <- x // want `deadlock: wg.Wait at line [0-9]+ waits for the goroutine that blocks sending on unbuffered channel results, which is only received after it; receive from results before waiting, or give results a buffer of len\(xs\)`
		})
	}
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}

// OK: with a buffer for every sender, Wait returns before the receive.
func waitGroupWaitBuffered(xs []int) int {
	var wg sync.WaitGroup
	results := make(chan int, len(xs))
	for _, x := range xs {
		wg.Go(func() {
			results <- x
		})
	}
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}

// Not reported: only one path waits before receiving; the other receives
// first. (A deadlock on that path, but the analysis reports only a Wait
// that every path reaches first.)
func groupWaitOnOnePath(ctx context.Context, early bool) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		ch <- slow()
		return nil
	})
	if early {
		return 0, g.Wait()
	}
	v := <-ch
	return v, g.Wait()
}

// The Wait on the early path is for another group: the sender of g1 leaks.
func groupWaitOther(ctx context.Context) (int, error) {
	var g1, g2 errgroup.Group
	ch := make(chan int)
	g1.Go(func() error {
		ch <- slow() // want `goroutine leaks: send on unbuffered channel ch blocks forever once the function returns at line [0-9]+ without receiving`
		return nil
	})
	g2.Go(func() error { return nil })
	if err := g2.Wait(); err != nil {
		return 0, err
	}
	v := <-ch
	return v, g1.Wait()
}

// Not reported: the group is a field of a parameter, the Wait may be its.
type pool struct{ wg sync.WaitGroup }

func (s *pool) fieldGroup(ctx context.Context, wg *sync.WaitGroup, fail bool) int {
	ch := make(chan int)
	s.wg.Go(func() { ch <- slow() })
	if fail {
		wg.Wait()
		return 0
	}
	return <-ch
}

// Deadlock through the same field read twice.
func (s *pool) fieldGroupDeadlock() int {
	ch := make(chan int)
	s.wg.Go(func() {
		ch <- slow() // want `deadlock: s.wg.Wait at line [0-9]+ waits for the goroutine`
	})
	s.wg.Wait()
	return <-ch
}

// Deadlock with the group captured by a closer goroutine: the parent's
// Wait still comes first.
func groupCapturedDeadlock(ctx context.Context) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		ch <- slow() // want `deadlock: g.Wait at line [0-9]+ waits`
		return nil
	})
	go func() { _ = g.Wait() }()
	err := g.Wait()
	return <-ch, err
}

// Not reported: a deferred Wait makes the early return block rather than
// leak (still a hang, but not one the leak message describes).
func groupDeferredWait(ctx context.Context, fail bool) (int, error) {
	var g errgroup.Group
	defer g.Wait()
	ch := make(chan int)
	g.Go(func() error {
		ch <- slow()
		return nil
	})
	if fail {
		return 0, errors.New("fail")
	}
	return <-ch, nil
}

// First answer wins with g.Go: the others block, and so does g.Wait.
func groupFirstWins(ctx context.Context, n int) (int, error) {
	var g errgroup.Group
	ch := make(chan int)
	for i := 0; i < n; i++ {
		g.Go(func() error {
			ch <- i // want `goroutine leaks: goroutines started in a loop send on unbuffered channel ch, but only one value is received \(line [0-9]+\): the others block forever, and g.Wait at line [0-9]+ waits for them forever; give ch a buffer of n`
			return nil
		})
	}
	v := <-ch
	return v, g.Wait()
}

// Not reported: TryGo may not start the goroutine; what happens then
// depends on its result.
func groupTryGo(ctx context.Context) (int, error) {
	var g errgroup.Group
	g.SetLimit(1)
	ch := make(chan int)
	if !g.TryGo(func() error { ch <- slow(); return nil }) {
		return 0, errors.New("busy")
	}
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// OK: the closure is not run on a goroutine here but handed to a
// function that may call it at any time: still a callback.
func groupCallbackOnly(register func(func())) {
	ch := make(chan int)
	register(func() { ch <- 1 })
	<-ch
}
