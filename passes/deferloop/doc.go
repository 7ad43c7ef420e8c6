// Package deferloop defines an Analyzer that reports defer statements that
// run inside a loop.
//
// # Analyzer deferloop
//
// deferloop: defer inside a loop holds resources until the function returns
//
// A deferred call runs when the surrounding function returns, not at the end
// of the loop iteration. A defer inside a loop therefore keeps every
// iteration's file, lock, connection or response body until the whole loop
// and the rest of the function are done: a loop over ten thousand files
// holds ten thousand descriptors, and a loop that locks a mutex with a
// deferred unlock deadlocks on its second pass.
//
// WRONG:
//
//	for _, name := range names {
//		f, err := os.Open(name)
//		if err != nil {
//			return err
//		}
//		defer f.Close() // every file stays open until the function returns
//		...
//	}
//
// RIGHT: move the body into a function, so that each defer runs at the end
// of its iteration:
//
//	for _, name := range names {
//		if err := process(name); err != nil { // process opens and defers f.Close()
//			return err
//		}
//	}
//
// or wrap it in a func literal called in place:
//
//	for _, name := range names {
//		func() {
//			f, err := os.Open(name)
//			...
//			defer f.Close()
//		}()
//	}
//
// The loop is decided on the SSA control-flow graph, not on syntax: a loop
// whose body always returns or breaks after its first pass holds only one
// deferred call and is not reported. A defer inside a loop that can never
// terminate (no exit, no return) is reported too: its call never runs at all.
// A deferred mu.Unlock() is reported when every pass locks the same mutex
// (a variable, or a field of the same struct such as c.mu), not when each
// pass locks a different one. A defer under `if !locked { ...; locked =
// true }`, a loop-carried flag that the guarded code sets and nothing
// clears, runs once per call and is not reported.
//
// A defer whose resource is meant to outlive the iteration is not
// reported: the resource (or, for `ctx, cancel := context.WithTimeout(...)`,
// its sibling result) is appended to a slice, stored in a field, map or
// outer variable, sent on a channel, captured by a goroutine, returned, or
// used after the loop or by a later pass. Releasing it at the end of the
// iteration, the usual fix, would close something still in use. Nor is a
// rollback: a deferred func literal that releases only on some paths
// (`defer func() { if err != nil { l.Close() } }()`), which holds the
// resource until the function knows whether it failed.
//
// A defer under one case of a select in a for-select loop is not reported:
// the case may fire once per call (a timer's, a done channel's), which the
// analysis cannot tell from one that fires on every pass. The exception is
// a case receiving from a ticker (time.Tick, (*time.Ticker).C) that the
// loop neither stops nor resets: it fires on every pass of a polling loop.
package deferloop
