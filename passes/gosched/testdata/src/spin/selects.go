package spin

import (
	"runtime"
	"time"
)

func handle(int) {}

// The empty default turns the select into a busy loop.
func serve(jobs chan int, quit chan struct{}) {
	for { // want `busy loop: when no case of the select at line \d+ is ready its default does nothing and the loop comes straight back`
		select {
		case j := <-jobs:
			handle(j)
		case <-quit:
			return
		default:
		}
	}
}

// Yielding in the default does not help.
func serveYield(jobs chan int) {
	for { // want `busy loop: .* its default does nothing but yield`
		select {
		case j := <-jobs:
			handle(j)
		default:
			runtime.Gosched()
		}
	}
}

// break in a select leaves the select, not the loop.
func waitQuit(quit chan struct{}) {
	for { // want `busy loop: when no case of the select`
		select {
		case <-quit:
			return
		default:
			break
		}
	}
}

// Not a bug: the default leaves the loop (drain the channel).
func drain(ch chan int) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

// Not a bug: the default does work.
func background(jobs chan int, tick func()) {
	for {
		select {
		case j := <-jobs:
			handle(j)
		default:
			tick()
		}
	}
}

// Not a bug: check for a stop signal, then work.
func stoppable(quit chan struct{}, step func()) {
	for {
		select {
		case <-quit:
			return
		default:
		}
		step()
	}
}

// Not a bug: a bounded number of non-blocking sends.
func trySend(ch chan int) {
	for i := 0; i < 3; i++ {
		select {
		case ch <- i:
		default:
		}
	}
}

// Not a bug: a select without default blocks.
func block(jobs chan int, quit chan struct{}) {
	for {
		select {
		case j := <-jobs:
			handle(j)
		case <-quit:
			return
		}
	}
}

// Not a bug: a ticker paces the loop.
func paced(t *time.Ticker, quit chan struct{}) {
	for {
		select {
		case <-t.C:
		case <-quit:
			return
		}
	}
}

// Not a bug: the default clears the loop's own flag, so the loop ends
// (kafka-go drains its commit channel this way).
func drainFlag(ch chan int) (n int) {
	for more := true; more; {
		select {
		case v := <-ch:
			n += v
		default:
			more = false
		}
	}
	return n
}

// Not a bug: keep only the latest value; when the buffer is full, drop the
// stale value and retry the send (nats-server's leader change signal).
func latest(ch chan int, v int) {
	for {
		select {
		case ch <- v:
			return
		default:
			select {
			case <-ch:
			default:
			}
		}
	}
}

// The outer loop is reported at its own for statement, not at the inner
// loop that comes first.
func outerPoll(ch chan int, xs []int) {
	for { // want `busy loop: when no case of the select at line \d+ is ready`
		select {
		case <-ch:
			for _, x := range xs {
				handle(x)
			}
		default:
		}
	}
}
