// Package timerleak defines an Analyzer that reports tickers and timers
// that, before Go 1.23, are never garbage collected.
//
// # Analyzer timerleak
//
// timerleak: ticker or timer that is never stopped, in code built for Go before 1.23
//
// Until Go 1.23 the runtime kept every started timer and ticker alive
// until it fired or was stopped: a ticker nobody stops fires forever, and
// a timer in a loop stays in memory until its duration has passed.
// timerleak reads the Go version of each file
// (pass.TypesInfo.FileVersions: the module's go line or a //go:build
// constraint) and, in files before go1.23, reports:
//
//   - time.NewTicker whose ticker is not stopped on some path to a return,
//     or before a loop comes back to make the next one;
//   - time.Tick in a function that can return, or in a loop (nothing can
//     ever stop the ticker behind the channel);
//   - time.After as a select case in a loop, when another case of the
//     select (one receiving values, not a chan struct{} stop signal) or
//     its default goes round the loop again: every pass that case wins
//     leaves a timer behind;
//   - time.NewTimer in a loop, neither stopped nor received from before
//     the loop comes back to make the next one.
//
// WRONG (go 1.22):
//
//	func poll(ctx context.Context) error {
//		t := time.NewTicker(time.Second)
//		for {
//			select {
//			case <-ctx.Done():
//				return ctx.Err() // the ticker keeps firing forever
//			case <-t.C:
//			}
//		}
//	}
//
// RIGHT:
//
//	t := time.NewTicker(time.Second)
//	defer t.Stop()
//
// The engine is the one unclosed uses (passes/internal/release): a ticker
// returned, stored in a field, handed to a goroutine or to code that keeps
// it is out of sight and not reported; paths ending in a panic or a call
// that does not return are not leaks.
//
// Deliberately not reported:
//
//   - files whose Go version is 1.23 or later, or unknown: the garbage
//     collector frees unreferenced timers and tickers there;
//   - time.Tick in package main and in functions that never return (a
//     goroutine's endless loop), where a ticker for the life of the
//     process is what the author wants;
//   - time.After and time.NewTimer with a constant duration under a
//     minute: such timers cannot pile up to anything that matters; time.After as the only case of
//     its select, which waits for it, or beside cases that leave the loop
//     or receive from a stop channel;
//   - a timer in a loop whose channel is received from (it fired) or that
//     is stopped on every path back to the loop; an unstopped timer
//     outside a loop, which lives only until it fires;
//   - tests and generated files;
//   - time.AfterFunc: an armed AfterFunc timer fires whatever the Go
//     version, so the bug it carries is a callback that runs after the
//     function released what it uses; the afterfunc analyzer reports that.
//
// The analyzer has no flags.
package timerleak
