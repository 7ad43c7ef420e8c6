//go:build go1.21

// Package go121 holds spin-waits in Go 1.21 code: loop variables are shared
// by all iterations, and range over int or func does not exist yet. The
// verdicts are the same as in current code.
package go121

import "runtime"

var done bool

// A plain spin-wait.
func wait() {
	for !done { // want `spin-wait on done`
		runtime.Gosched()
	}
}

// The goroutine spins on the loop variable, which the loop (a shared
// variable before Go 1.22) changes under it: a data race.
func spinOnLoopVar() {
	for i := 0; i < 3; i++ {
		go func() {
			for i < 3 { // want `spin-wait on i`
				runtime.Gosched()
			}
		}()
	}
}

// Not a bug: a bounded loop of non-blocking sends.
func trySend(ch chan int) {
	for i := 0; i < 10; i++ {
		select {
		case ch <- i:
		default:
		}
	}
}

// A select with an empty default.
func poll(ch chan int) {
	for { // want `busy loop: when no case of the select`
		select {
		case v := <-ch:
			println(v)
		default:
		}
	}
}
