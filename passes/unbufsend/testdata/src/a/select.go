package a

import (
	"context"
	"time"
)

func slow() int { return 42 }

// The classic timeout leak: once ctx is done nobody receives results.
func selectCtx(ctx context.Context) (int, error) {
	results := make(chan int)
	go func() {
		results <- slow() // want `goroutine leaks: send on unbuffered channel results blocks forever once the select at line [0-9]+ returns on ctx.Done\(\); give results a buffer of 1`
	}()
	select {
	case r := <-results:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Same with time.After.
func selectTimeout() (int, bool) {
	results := make(chan int)
	go func() {
		results <- slow() // want `blocks forever once the select at line [0-9]+ returns on time.After`
	}()
	select {
	case r := <-results:
		return r, true
	case <-time.After(time.Second):
		return 0, false
	}
}

// OK: a buffer of 1 holds the one send.
func selectCtxBuffered(ctx context.Context) (int, error) {
	results := make(chan int, 1)
	go func() {
		results <- slow()
	}()
	select {
	case r := <-results:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// OK: the sender gives up on cancellation too.
func selectCtxBothSides(ctx context.Context) (int, error) {
	results := make(chan int)
	go func() {
		select {
		case results <- slow():
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-results:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// OK: the sender only tries (default).
func selectDefaultSender(ctx context.Context) (int, error) {
	results := make(chan int)
	go func() {
		select {
		case results <- slow():
		default:
		}
	}()
	select {
	case r := <-results:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// OK: after the timeout the function still drains the channel.
func selectThenDrain(ctx context.Context) int {
	results := make(chan int)
	go func() {
		results <- slow()
	}()
	select {
	case r := <-results:
		return r
	case <-ctx.Done():
	}
	return <-results
}

// A non-blocking poll returns before the sender is ready.
func pollDefault() int {
	results := make(chan int)
	go func() {
		results <- slow() // want `once the select at line [0-9]+ takes its default case`
	}()
	select {
	case r := <-results:
		return r
	default:
		return 0
	}
}

// A select loop that returns on cancellation strands the workers.
func selectLoop(ctx context.Context, jobs []int) ([]int, error) {
	out := make(chan int)
	for _, j := range jobs {
		go func() {
			out <- j * 2 // want `goroutine leaks: send on unbuffered channel out blocks forever once the select at line [0-9]+ returns on ctx.Done\(\); give out a buffer of len\(jobs\)`
		}()
	}
	var res []int
	for range jobs {
		select {
		case v := <-out:
			res = append(res, v)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return res, nil
}

// OK: the loop leaves on done, closed only once every sender has been
// received (wg.Wait in the closer): nothing is left to block.
func selectLoopDone(jobs []int, done chan struct{}) []int {
	out := make(chan int)
	for _, j := range jobs {
		go func() {
			out <- j * 2
		}()
	}
	var res []int
	for {
		select {
		case v := <-out:
			res = append(res, v)
		case <-done:
			return res
		}
	}
}

// OK: the sender closes done on success and sends only on failure; once
// done is closed the sender has returned.
func doneBySender() error {
	errc := make(chan error)
	done := make(chan struct{})
	go func() {
		if err := work(1); err != nil {
			errc <- err
			return
		}
		close(done)
	}()
	select {
	case <-done:
		return nil
	case err := <-errc:
		return err
	}
}

// A first select that times out is fine, as long as a later one receives;
// the leak is the second select's cancellation.
func twoSelects(ctx context.Context) int {
	results := make(chan int)
	go func() {
		results <- slow() // want `once the select at line [0-9]+ returns on ctx.Done\(\)`
	}()
	select {
	case r := <-results:
		return r
	case <-time.After(time.Millisecond):
	}
	select {
	case r := <-results:
		return r
	case <-ctx.Done():
		return 0
	}
}

// OK: a polling loop whose default case loops again.
func pollLoop() {
	doneCh := make(chan struct{})
	go func() {
		defer func() { doneCh <- struct{}{} }()
		slow()
	}()
	done := false
	for !done {
		slow()
		select {
		case <-doneCh:
			done = true
		default:
		}
	}
}
