// Package gosched defines an Analyzer that reports spin-waits and
// runtime.Gosched calls used to order goroutines.
//
// # Analyzer gosched
//
// gosched: spin-waits and runtime.Gosched used to order goroutines
//
// A spin-wait is a loop that does no work of its own and can only be left
// when another goroutine changes the state it reads. If it reads that state
// plainly (a package variable, a captured variable, a field), the read is a
// data race: the compiler may load the value once, and the loop then spins
// forever. If it reads it atomically, under a mutex, with len(ch) or
// ctx.Err(), it is correct but burns a CPU core to wait for an event that a
// channel, sync.Cond or sync.WaitGroup would deliver. runtime.Gosched in the
// loop changes neither.
//
// WRONG:
//
//	for !done { // done is set by another goroutine
//		runtime.Gosched()
//	}
//
//	for {
//		select {
//		case job := <-jobs:
//			handle(job)
//		default: // spins while jobs is empty
//		}
//	}
//
// RIGHT:
//
//	<-done // a channel closed by the other goroutine
//
//	for job := range jobs {
//		handle(job)
//	}
//
// gosched reports:
//
//   - loops whose every instruction only computes, compares or reads
//     (plain loads, atomic loads, sync.Map.Load, len(ch), ctx.Err(), reads
//     between Lock and Unlock, calls of the package's own functions that
//     only read) and whose exits depend on such reads; the message says
//     whether the wait is a data race or only burns a core;
//   - loops that never exit and do nothing, such as `for {}` (block with
//     `select {}` instead);
//   - loops that do nothing but poll time.Now until a deadline (sleep or
//     use a time.Timer);
//   - loops around a select whose default case does nothing, only yields,
//     or only polls state, and on every path comes straight back to the
//     select;
//   - runtime.Gosched right after a go statement (unless what follows
//     blocks anyway): it does not wait for the new goroutine;
//   - runtime.Gosched followed by a read of a variable that a goroutine
//     started earlier writes, as if Gosched were a memory barrier.
//
// It deliberately does not report:
//
//   - runtime.Gosched as cooperative yielding in a loop that does work
//     (any store, call of unknown code, allocation or send) and ends on
//     its own;
//   - compare-and-swap retry loops, and loops that add, store or swap
//     atomically: they retry on contention, they do not wait for an event;
//   - a loop that yields with runtime.Gosched while a lock-free structure
//     waits for operations already in flight, each a few instructions
//     long: two atomic counters converging (`for atomic.Load(&q.acquired)
//     != atomic.Load(&q.written)`), a counter catching up with a sequence
//     number reserved atomically before the loop, or a ring slot being
//     released (`for slot.Load() != nil` on &q.slots[i]). Waiting for a
//     flag, or for a count to reach a constant or a caller's number, is
//     waiting for an event, and is reported;
//   - loops that count or walk (a loop-carried value that changes on each
//     pass, such as `for i := 0; !done && i < n; i++`): they end on their own;
//   - a select with default whose default leaves the loop (drain loops),
//     does work, clears the loop's own flag (`default: more = false`),
//     goes on to another select with default (drop the stale value and
//     retry the send), or whose loop is bounded;
//   - loops that block: receives, sends, selects without default,
//     time.Sleep, tickers, and any call the analyzer cannot see through;
//   - a loop that polls a busy queue and processes what it finds: part of
//     its iterations do work, and busy polling may be intended there; the
//     same for a select whose default goes on to do work on some path
//     (`default:` then `switch state { ... run handler ... }`);
//   - in _test.go files, waits that are correct but burn CPU (atomic or
//     locked polling, clock polling, select with default, endless loops):
//     tests of schedulers, profilers and timers burn CPU on purpose, and
//     a test's cost is bounded. Racy spin-waits and Gosched ordering are
//     still reported there: they make tests flaky;
//   - runtime.Gosched right after a go statement when the function later
//     waits for that goroutine (receives from a channel it closes or sends
//     on, or waits on a WaitGroup it is Done on): it already synchronizes,
//     and the yield only biases the schedule, as in a test that races
//     Serve against Close on purpose;
//   - a retry under a lock: a pass that reads the state, takes the lock
//     and reads the same state again, going round only when the second
//     read disagrees with the first (the entry vanished in between): the
//     next pass settles it. A wait reads its state once per pass;
//   - loops built with goto, which have no for statement to point at;
//   - locking and unlocking a mutex with nothing read in between (a
//     contention generator), even until a deadline.
//
// The analysis is intra-procedural on SSA: it classifies the instructions
// of each natural loop, and follows static calls to functions of the
// package under analysis that only read (a few levels deep, memoised).
// Its meaning does not depend on the Go version of the file. It has no
// flags.
package gosched
