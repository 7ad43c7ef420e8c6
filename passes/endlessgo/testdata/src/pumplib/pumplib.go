package pumplib

import "context"

// Pump copies in to out for ever: it has no way to stop.
func Pump(in <-chan int, out chan<- int) { // want Pump:`endless\(in\)`
	for {
		out <- <-in
	}
}

// PumpCtx stops when ctx is done.
func PumpCtx(ctx context.Context, in <-chan int, out chan<- int) {
	for {
		select {
		case v := <-in:
			out <- v
		case <-ctx.Done():
			return
		}
	}
}

// Drain ranges over in: it ends when in is closed.
func Drain(in <-chan int) {
	for range in {
	}
}

// A Watcher watches until Stop.
type Watcher struct {
	events chan string
	stop   chan struct{}
}

// Run waits for events for ever.
func (w *Watcher) Run() { // want Run:`endless\(w.events\)`
	for {
		select {
		case e := <-w.events:
			_ = e
		}
	}
}

// RunStoppable returns on Stop.
func (w *Watcher) RunStoppable() {
	for {
		select {
		case e := <-w.events:
			_ = e
		case <-w.stop:
			return
		}
	}
}

// Relay is generic and never ends.
func Relay[T any](in <-chan T, out chan<- T) { // want Relay:`endless\(in\)`
	for {
		out <- <-in
	}
}
