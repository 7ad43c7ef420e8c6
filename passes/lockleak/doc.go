// Package lockleak defines an Analyzer that reports a lock not released
// on some path of the function that took it.
//
// # Analyzer lockleak
//
// lockleak: a Lock not released on some path of the function that took it
//
// A mutex left locked when a function returns blocks every later Lock of
// it forever: the goroutines that need it leak, one per request, and the
// program stops making progress long after the early return that caused
// it. lockleak reports, on the SSA form of each function:
//
//   - a return reached with a lock the function took still held, when the
//     function releases that lock on its other paths: the early `return
//     err`, a `switch` arm that forgot the Unlock. The message names the
//     return's line and the Lock's;
//   - a loop that goes round with the lock its body took still held (a
//     `continue` inside the critical section): the next iteration's Lock
//     blocks forever;
//   - a loop left (a `break`) with the lock held, when the function then
//     returns without releasing it.
//
// WRONG:
//
//	func (c *Cache) Get(k string) (V, error) {
//		c.mu.Lock()
//		v, ok := c.items[k]
//		if !ok {
//			return V{}, errNotFound // c.mu stays locked
//		}
//		c.mu.Unlock()
//		return v, nil
//	}
//
// RIGHT:
//
//	func (c *Cache) Get(k string) (V, error) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		v, ok := c.items[k]
//		if !ok {
//			return V{}, errNotFound
//		}
//		return v, nil
//	}
//
// lockleak deliberately does not report:
//
//   - a return reached with the lock held only along paths that contradict
//     a flag the function tests (`locked := true`, `if cond { mu.Unlock();
//     locked = false }`, then `if locked { mu.Unlock() }`): paths are
//     followed only through branches consistent with what they already
//     decided about the same boolean;
//   - functions that return holding the lock on purpose: those that never
//     release it themselves (a lock helper), those whose callers in the
//     package unlock the mutex after calling them, and those named for it
//     by convention: a name that is, starts or ends with a Lock, RLock,
//     Acquire or Locked word (lock, lockShard, rlockAll, tryAcquire,
//     getLocked, mustLock);
//   - a function that tells its caller by a boolean result whether it
//     returns holding the lock (true exactly on the returns that hold it);
//   - a Lock that re-takes the caller's lock after the function released
//     it (`c.mu.Unlock(); slow(); c.mu.Lock(); return`): the caller
//     expects it held;
//   - a lock taken by a helper that returns holding it (Begin, WriteMode):
//     the function runs a protocol whose other half the analysis does not
//     pair; only a Lock the function calls itself is its own;
//   - the failure branch of TryLock, which holds nothing;
//   - hand-over-hand locking: the lock handed from node to node through a
//     loop variable is followed as the variable changes;
//   - a lock covered by `defer mu.Unlock()` (or a deferred helper or
//     closure that unlocks it) on that path;
//   - paths that end in a panic, os.Exit, log.Fatal or t.Fatal;
//   - a lock taken only under a condition and released under the same
//     condition later (`if lock { mu.Lock() } ... if lock { mu.Unlock() }`):
//     whether a path pairs them depends on data;
//   - a mutex handed to code the analysis cannot follow: a method value
//     (`unlock := mu.Unlock`), a closure or method value that unlocks it,
//     a goroutine that unlocks it, an unknown call, a store, a result
//     (`return &c.mu`); a closure's lock on a captured mutex, which the
//     function running the closure may release; and functions whose
//     range-over-func loop bodies unlock (the iterator runs them);
//   - unreachable code (`if false { return }`).
//
// The analysis takes held locks from the shared lock model (lockset: one
// forward data-flow pass per function); finding the loop a lock belongs to
// and the path from a loop exit to a return are linear searches of the
// control-flow graph. It has no flags and does not depend on the Go
// version.
package lockleak
