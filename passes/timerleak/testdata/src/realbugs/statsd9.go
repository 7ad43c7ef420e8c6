//go:build go1.22

// Reconstruction of statsd/system#9 ("Fix memory leak"): the reporting
// loop, which runs for the life of the process, called time.Tick on every
// pass, so each pass made a ticker nothing could stop; the fix made the
// channel once, before the loop. Written from the description of the fix;
// not the project's code.
package realbugs

import "time"

// Before: a new ticker per pass.
func reportBuggy(interval time.Duration, report func()) {
	for {
		<-time.Tick(interval) // want `time.Tick in a loop makes a new ticker on every pass`
		report()
	}
}

// After: one ticker, made before the endless loop.
func reportFixed(interval time.Duration, report func()) {
	tick := time.Tick(interval)
	for {
		<-tick
		report()
	}
}
