// Package syncmisuse defines an Analyzer that reports sync.WaitGroup and
// sync.Cond mistakes that leave a goroutine blocked or make Wait return
// early.
//
// # Analyzer syncmisuse
//
// syncmisuse: WaitGroup and Cond misuse: Add inside or after the goroutine, Done skipped, Wait in the loop, Wait never signalled
//
// A WaitGroup counts goroutines only if the count is raised before they
// start and lowered on every path by which they end; a Cond's Wait returns
// only if something signals it. syncmisuse reports:
//
//   - wg.Add inside the goroutine it counts (in a func literal, a method or
//     a function started with go), when a Wait on the same WaitGroup can
//     run after the go statement (in the same function, or, for a field,
//     in another method): Wait may see a zero counter and return while the
//     goroutine still runs. go vet's waitgroup check reports the literal
//     `go func() { wg.Add(1) ... }()`; this one also follows methods and
//     functions;
//   - wg.Add after the go statement whose goroutine calls wg.Done, with no
//     Add before it: if the goroutine finishes first the counter goes
//     negative and Done panics;
//   - wg.Wait inside the loop that starts the goroutines calling wg.Done,
//     when the count was added once before the loop: the first Wait waits
//     for goroutines that are not started yet, forever;
//   - a goroutine counted with Add before it starts that can return without
//     calling Done (an early return before `defer wg.Done()`): Wait blocks
//     forever;
//   - cond.Wait on a sync.Cond held in an unexported field or package
//     variable that nothing in the package Signals or Broadcasts.
//
// WRONG:
//
//	for _, job := range jobs {
//		go func() {
//			wg.Add(1) // Wait below may already have returned
//			defer wg.Done()
//			run(job)
//		}()
//	}
//	wg.Wait()
//
// RIGHT:
//
//	for _, job := range jobs {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			run(job)
//		}()
//	}
//	wg.Wait()
//
// WRONG:
//
//	wg.Add(1)
//	go func() {
//		if err := prepare(); err != nil {
//			return // Done never runs: wg.Wait blocks forever
//		}
//		defer wg.Done()
//		work()
//	}()
//	wg.Wait()
//
// RIGHT: `defer wg.Done()` as the goroutine's first statement, or wg.Go.
//
// syncmisuse deliberately does not report:
//
//   - an Add inside a goroutine when no Wait on that WaitGroup can follow
//     the go statement (nothing waits, or the wait is elsewhere than the
//     spawner and the WaitGroup is not a field or package variable);
//   - goroutines that pass the WaitGroup on to other code (their Done may
//     be there), goroutines whose body the analysis cannot see (func
//     values, interface methods), and generic bodies;
//   - Add with a negative delta, and Add in a deferred call;
//   - a Wait in a loop that also Adds: each iteration waits for its own
//     goroutines, which serialises them but does not block forever;
//   - a Cond in a local variable, an exported field or variable (other
//     packages may signal it), or handed to other code.
//
// The analysis works on the SSA form; WaitGroups and Conds are identified
// like mutexes by the shared lock model (lockset): by access path inside a
// function, by (type, field) or package variable across functions. Each
// question is a dominance test or one reachability search of the
// control-flow graph. It has no flags and does not depend on the Go
// version.
package syncmisuse
