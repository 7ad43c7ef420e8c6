package a

import (
	"context"
	"time"
)

// closeEveryIteration closes ch on each pass of the loop.
func closeEveryIteration(xs []int) {
	ch := make(chan int, len(xs))
	for range xs {
		close(ch) // want `close of ch in the loop at line [0-9]+ runs again on the next iteration and panics`
	}
}

// closeThenBreak leaves the loop after closing.
func closeThenBreak(xs []int) {
	ch := make(chan int)
	for _, x := range xs {
		if x < 0 {
			close(ch)
			break
		}
	}
}

// channelPerIteration closes a new channel on each pass.
func channelPerIteration(n int) {
	for i := 0; i < n; i++ {
		ch := make(chan int)
		close(ch)
	}
}

// selectLoopDone: ctx.Done() stays ready once the context is cancelled, so
// the closing case fires again on the next iteration.
func selectLoopDone(ctx context.Context, in <-chan int, out chan int) {
	for {
		select {
		case <-ctx.Done():
			close(out) // want `close of out in the loop at line [0-9]+ runs again on the next iteration and panics`
		case v := <-in:
			out <- v
		}
	}
}

// selectLoopReturn returns after closing.
func selectLoopReturn(ctx context.Context, in <-chan int, out chan int) { // want selectLoopReturn:`closes p2`
	for {
		select {
		case <-ctx.Done():
			close(out)
			return
		case v := <-in:
			out <- v
		}
	}
}

// selectLoopFlag closes only the first time, guarded by a local flag.
func selectLoopFlag(ctx context.Context, in <-chan int, out chan int) {
	closed := false
	for {
		select {
		case <-ctx.Done():
			if !closed {
				closed = true
				close(out)
			}
		case v := <-in:
			if !closed {
				out <- v
			}
		}
	}
}

// selectLoopNilsChannel sets stop to nil after the close: a nil channel's
// case never fires again.
func selectLoopNilsChannel(stop chan struct{}, in <-chan int, out chan int) {
	for {
		select {
		case <-stop:
			close(out)
			stop = nil
		case v := <-in:
			out <- v
		}
	}
}

// selectLoopValueChannel: quit carries values; whether it delivers a second
// one is the protocol's business, not something the analysis can tell.
func selectLoopValueChannel(quit chan bool, in <-chan int, out chan int) {
	for {
		select {
		case <-quit:
			close(out)
		case v := <-in:
			out <- v
		}
	}
}

// tickerLoop: the ticker fires again.
func tickerLoop(t *time.Ticker, out chan int) {
	for {
		select {
		case <-t.C:
			close(out) // want `close of out in the loop at line [0-9]+ runs again on the next iteration and panics`
		}
	}
}

// closedInputLoop: once in is closed, every receive reports !ok at once.
func closedInputLoop(in <-chan int, out chan int) {
	for {
		v, ok := <-in
		if !ok {
			close(out) // want `close of out in the loop at line [0-9]+ runs again on the next iteration and panics`
		} else {
			out <- v
		}
	}
}

// closedInputLoopReturn returns after closing.
func closedInputLoopReturn(in <-chan int, out chan int) { // want closedInputLoopReturn:`closes p1`
	for {
		v, ok := <-in
		if !ok {
			close(out)
			return
		}
		out <- v
	}
}

// lastIteration closes on the last pass only.
func lastIteration(xs []int, out chan int) {
	for i, x := range xs {
		out <- x
		if i == len(xs)-1 {
			close(out)
		}
	}
}

// selectDefaultIdiom: the default runs only while ch is open.
func selectDefaultIdiom(ch chan struct{}, n int) {
	for i := 0; i < n; i++ {
		select {
		case <-ch:
		default:
			close(ch)
		}
	}
}

// selectClosedInput: once in is closed, its case fires again with !ok.
func selectClosedInput(ctx context.Context, in <-chan int, out chan int) {
	for {
		select {
		case v, ok := <-in:
			if !ok {
				close(out) // want `close of out in the loop at line [0-9]+ runs again on the next iteration and panics`
				continue
			}
			out <- v
		case <-ctx.Done():
			return
		}
	}
}

// nilledInput sets in to nil once it is closed: a nil channel never
// delivers again.
func nilledInput(in <-chan int, out chan int) {
	for {
		v, ok := <-in
		if !ok {
			close(out)
			in = nil
			continue
		}
		out <- v
	}
}

// lastPassByBound closes when i reaches the last index: once.
func lastPassByBound(n int, out chan int) {
	for i := 0; i < n; i++ {
		out <- i
		if i >= n-1 {
			close(out)
		}
	}
}

type frame interface{}
type goAway struct{}

// frameLoop: after an unexpected frame it closes errc and reads on; the
// next unexpected frame closes it again.
func frameLoop(read func() (frame, error), errc chan error) {
	for {
		f, err := read()
		if err != nil {
			return
		}
		switch f.(type) {
		case *goAway:
			return
		default:
			close(errc) // want `close of errc in the loop at line [0-9]+ runs again on the next iteration and panics`
		}
	}
}

type update struct{ inc int64 }

// thresholdLoop: every update at or over the threshold closes reached.
func thresholdLoop(recv func() (*update, error), want int64, reached chan struct{}) error {
	for {
		u, err := recv()
		if err != nil {
			return err
		}
		if u != nil && u.inc >= want {
			close(reached) // want `close of reached in the loop at line [0-9]+ runs again on the next iteration and panics`
		}
	}
}

// thresholdOnce: the threshold closes reached, then the loop stops.
func thresholdOnce(recv func() (*update, error), want int64, reached chan struct{}) error {
	for {
		u, err := recv()
		if err != nil {
			return err
		}
		if u != nil && u.inc >= want {
			close(reached)
			return nil
		}
	}
}

// nilCheckedChannel: the channel is set to nil once closed, and checked.
func nilCheckedChannel(get func() chan int) {
	for i := 0; i < 3; i++ {
		if ch := get(); ch != nil {
			close(ch)
		}
	}
}
