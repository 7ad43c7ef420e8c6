package crosspkg

import (
	"context"

	"pumplib"
)

// Facts of another package say which functions never end.

func startPump(in <-chan int, out chan<- int) {
	go pumplib.Pump(in, out) // want `goroutine running pumplib.Pump never ends: its loop waits on in and has no return or break, so each call of startPump leaks one goroutine`
}

func startPumpCtx(ctx context.Context, in <-chan int, out chan<- int) {
	go pumplib.PumpCtx(ctx, in, out) // ok: stops on ctx
}

func startDrain(in <-chan int) {
	go pumplib.Drain(in) // ok: ends when in is closed (recvblock's question)
}

func watch(w *pumplib.Watcher) {
	go w.Run() // want `goroutine running Run never ends: its loop waits on w.events`
}

func watchStoppable(w *pumplib.Watcher) {
	go w.RunStoppable() // ok
}

func relay(in <-chan string, out chan<- string) {
	go pumplib.Relay(in, out) // want `goroutine running pumplib.Relay never ends: its loop waits on in`
}
