package current

import (
	"context"
	"errors"
	"time"
)

// The ticker keeps firing after the function returns.
func poll(ctx context.Context, work func() bool) error {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if work() {
				t.Stop()
				return nil
			}
		}
	}
}

// Stopped with defer: fine.
func pollStopped(ctx context.Context) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Handed to a goroutine that stops it: out of sight, fine.
func background(done <-chan struct{}) {
	t := time.NewTicker(time.Minute)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
}

// An endless goroutine body never returns: nothing to report.
func forever(f func()) {
	t := time.NewTicker(time.Minute)
	for range t.C {
		f()
	}
}

// Stored in a struct that stops it in Close.
type poller struct{ t *time.Ticker }

func newPoller() *poller {
	return &poller{t: time.NewTicker(time.Second)}
}

func (p *poller) Close() { p.t.Stop() }

// A helper of the package stops it.
func stop(t *time.Ticker) { t.Stop() }

func viaHelper(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer stop(t)
	<-ctx.Done()
}

// time.Tick in a function that returns.
func waitTick(ctx context.Context) error {
	for range time.Tick(time.Second) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return errors.New("unreachable")
}

// time.Tick in an endless loop: the intended use.
func tickForever(f func()) {
	for range time.Tick(time.Minute) {
		f()
	}
}

// time.After in a select loop with another case.
func drain(ch <-chan int, f func(int)) {
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return
			}
			f(v)
		case <-time.After(time.Minute):
			return
		}
	}
}

// One timer reset per pass: fine.
func drainReset(ch <-chan int, f func(int)) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case v := <-ch:
			f(v)
			t.Reset(time.Minute)
		case <-t.C:
			return
		}
	}
}

// A short constant timeout cannot pile up.
func drainShort(ch <-chan int, f func(int)) {
	for {
		select {
		case v := <-ch:
			f(v)
		case <-time.After(10 * time.Millisecond):
			return
		}
	}
}

// time.After alone in its select is waited for.
func sleepLoop(n int, d time.Duration) {
	for i := 0; i < n; i++ {
		select {
		case <-time.After(d):
		}
	}
}

// A timer per pass, not stopped when the other case wins.
func perPass(ch <-chan int, d time.Duration) {
	for {
		t := time.NewTimer(d)
		select {
		case <-ch:
		case <-t.C:
			return
		}
	}
}

// The same, stopped: fine.
func perPassStopped(ch <-chan int, d time.Duration) {
	for {
		t := time.NewTimer(d)
		select {
		case <-ch:
			t.Stop()
		case <-t.C:
			return
		}
	}
}

// Waited for on every pass: it has fired.
func perPassWaited(n int, d time.Duration) {
	for i := 0; i < n; i++ {
		t := time.NewTimer(d)
		<-t.C
	}
}
