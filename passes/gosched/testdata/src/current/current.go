// Package current holds spin-waits in current Go: per-iteration loop
// variables, range over int and range over func.
package current

import (
	"iter"
	"runtime"
)

var done bool

// A plain spin-wait.
func wait() {
	for !done { // want `spin-wait on done`
		runtime.Gosched()
	}
}

// Each goroutine spins on its own copy of i, which nothing changes: it
// spins forever. Still a spin-wait on i.
func spinOnLoopVar() {
	for i := 0; i < 3; i++ {
		go func() {
			for i < 3 { // want `spin-wait on i`
				runtime.Gosched()
			}
		}()
	}
}

// Not a bug: range over int is bounded.
func trySend(ch chan int) {
	for i := range 10 {
		select {
		case ch <- i:
		default:
		}
	}
}

// A spin-wait inside the body of a range-over-func loop.
func each(seq iter.Seq[int]) {
	for range seq {
		for !done { // want `spin-wait on done`
		}
	}
}

// Not a bug: an empty range-over-func loop runs the iterator.
func consume(seq iter.Seq[int]) {
	for range seq {
	}
}

// Not a bug: range over int with yielding is bounded cooperative work.
func yieldN(n int) {
	for range n {
		runtime.Gosched()
	}
}
