package spin

import (
	"sync/atomic"
	"time"
)

// Polling the clock until a deadline burns a core: sleep instead.
func pause(d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) { // want `busy-wait: this loop does nothing but poll the clock until a deadline passes`
	}
}

// Polling a flag or a timeout.
func waitTimeout(p *int32, d time.Duration) bool {
	start := time.Now()
	for atomic.LoadInt32(p) == 0 { // want `busy-wait: this loop does nothing but poll p and the clock until a deadline passes`
		if time.Since(start) > d {
			return false
		}
	}
	return true
}

// Not a bug: sleeping between polls blocks.
func sleepPoll(p *int32) {
	for atomic.LoadInt32(p) == 0 {
		time.Sleep(time.Millisecond)
	}
}

// Not a bug: a CPU hog that computes something until a deadline.
func hog(d time.Duration) int {
	x := 0
	for start := time.Now(); time.Since(start) < d; {
		x = x*31 + 7
	}
	return x
}
