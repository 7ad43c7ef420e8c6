// Package gosched shows a spin-wait: a loop that only waits for another
// goroutine to set a plain variable burns a core and may never see it.
package gosched

import "runtime"

var ready bool

// Wait spins until ready is set by another goroutine.
func Wait() {
	for !ready {
		runtime.Gosched()
	}
}
