// Package doublelock defines an Analyzer that reports a goroutine taking a
// lock it already holds.
//
// # Analyzer doublelock
//
// doublelock: a goroutine locks a mutex it already holds and deadlocks on itself
//
// sync.Mutex and sync.RWMutex are not reentrant: a goroutine that calls
// Lock on a mutex it holds blocks forever, and with it every goroutine that
// later needs the mutex. The second Lock is rarely next to the first: it is
// in a method called while the lock is held, often two calls down, or in
// another package. doublelock reports, on the SSA form of each function:
//
//   - Lock (or RLock) of a mutex held on every path to it, directly or
//     through a call to a function or method that takes the same mutex of
//     the same value (same package: computed; another package: through
//     facts). The message names the first acquisition and the call chain
//     to the second;
//   - Lock of an RWMutex whose read lock the goroutine holds: Lock waits
//     for every reader, this one included;
//   - the recursive read lock: RLock while the same RWMutex is read-locked
//     by this goroutine. It works until a writer calls Lock between the two
//     RLocks: the writer waits for the first reader, and the second RLock
//     waits behind the writer (sync.RWMutex blocks new readers once a
//     writer waits).
//
// WRONG:
//
//	func (c *Cache) Get(k string) (V, bool) {
//		c.mu.RLock()
//		defer c.mu.RUnlock()
//		if c.expired(k) { // expired calls c.mu.RLock() again
//			return V{}, false
//		}
//		...
//	}
//
// RIGHT: a helper that expects the lock held:
//
//	func (c *Cache) Get(k string) (V, bool) {
//		c.mu.RLock()
//		defer c.mu.RUnlock()
//		if c.expiredLocked(k) { // reads c.items without locking
//			return V{}, false
//		}
//		...
//	}
//
// Mutexes are told apart by access path: s.mu and t.mu are different locks
// even when s and t have the same type. A lock is held from Lock (or the
// true branch of TryLock, or a call of a function that returns holding it)
// to Unlock; `defer mu.Unlock()` keeps it held to the end of the function.
//
// doublelock deliberately does not report:
//
//   - a lock held on some paths only (taken under a condition): whether
//     the second Lock meets it depends on data;
//   - two values of one type (a.mu and b.mu): they may be different
//     objects, and locking two instances is what transfer-between-accounts
//     code does;
//   - a callee that unlocks the mutex before locking it again (the
//     `...Locked` helper dropping the lock around slow work);
//   - TryLock while held: it fails and returns false, it does not block;
//   - locks taken in a goroutine the function starts, or in a deferred
//     call: they run in another goroutine or after the unlocks;
//   - calls through interfaces and func values, sync.Locker values, and
//     recursion: the callee is unknown;
//   - a mutex copied by value (a value receiver): go vet's copylocks
//     reports the copy.
//
// The cost is one look-up per lock operation in the shared lock model
// (lockset), which computes held sets with one forward data-flow pass per
// function. It has no flags and does not depend on the Go version.
package doublelock
