package goroutines

import (
	"context"
	"net/http"
	"os"
	"time"
)

func handle(int) {}

// forever: the goroutine loops on its channel with no way out; every call
// leaves one behind after ctx is cancelled.
func forever(ctx context.Context, in chan int) {
	go func() { // want `this goroutine can never return and does not watch ctx: it keeps blocking at line [0-9]+ after ctx is cancelled`
		for {
			handle(<-in)
		}
	}()
}

// foreverSelect: a select without a done case.
func foreverSelect(w http.ResponseWriter, r *http.Request, a, b chan int) {
	go func() { // want `this goroutine can never return and does not watch r.Context\(\)`
		for {
			select {
			case v := <-a:
				handle(v)
			case v := <-b:
				handle(v)
			}
		}
	}()
}

// OkWatchesDone: the done case returns.
func OkWatchesDone(ctx context.Context, in chan int) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case v := <-in:
				handle(v)
			}
		}
	}()
}

// OkRangeClosed: ranging over a channel ends when the owner closes it.
func OkRangeClosed(ctx context.Context, in chan int) {
	go func() {
		for v := range in {
			handle(v)
		}
	}()
}

// OkTakesContext: the goroutine is handed the context.
func OkTakesContext(ctx context.Context, in chan int) {
	go func(ctx context.Context) {
		for {
			select {
			case v := <-in:
				handle(v)
			case <-ctx.Done():
				handle(0) // forgot to return, but it watches ctx: not this check
			}
		}
	}(ctx)
}

// OkStopChannel: a stop channel received in the loop ends it.
func OkStopChannel(ctx context.Context, in chan int, stop chan struct{}) {
	go func() {
		for {
			select {
			case v := <-in:
				handle(v)
			case <-stop:
				return
			}
		}
	}()
}

// OkNoBlocking: a loop that only sleeps is not a channel wait (and not
// this check's business).
func OkNoBlocking(ctx context.Context) {
	go func() {
		for {
			time.Sleep(time.Second)
			handle(1)
		}
	}()
}

// OkExits: the goroutine ends the process.
func OkExits(ctx context.Context, sig chan int) {
	go func() {
		<-sig
		os.Exit(1)
	}()
}

// OkNoContext: nothing to watch.
func OkNoContext(in chan int) {
	go func() {
		for {
			handle(<-in)
		}
	}()
}
