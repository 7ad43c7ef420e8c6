// Package endlessgo defines an Analyzer that reports goroutines that have
// no way to end.
//
// # Analyzer endlessgo
//
// endlessgo: goroutine whose loop can never exit
//
// A goroutine started by a library function or a constructor should be
// stoppable: otherwise every call of that function leaves one more
// goroutine behind, with everything it references. endlessgo reports, at
// the go statement (or wg.Go / g.Go call), a goroutine whose function
// cannot return — no return statement is reachable, no runtime.Goexit, no
// panic — and that loops waiting on channels: `for { select { case
// <-t.C: ... } }` with no stop or ctx.Done() case, `for { <-ch; ... }`,
// or `select {}`.
//
// WRONG:
//
//	func NewCache() *Cache {
//		c := &Cache{items: map[string]item{}}
//		go func() {
//			t := time.NewTicker(time.Minute)
//			for {
//				select {
//				case <-t.C:
//					c.evict()
//				}
//			}
//		}()
//		return c
//	}
//
// RIGHT: give the loop a way out, and the owner a way to take it:
//
//	go func() {
//		t := time.NewTicker(time.Minute)
//		defer t.Stop()
//		for {
//			select {
//			case <-t.C:
//				c.evict()
//			case <-c.stop:
//				return
//			}
//		}
//	}()
//
// The started function may belong to another package: an exported
// function or method that never ends in this sense is known through a
// fact (`go lib.Pump(in, out)`).
//
// endlessgo deliberately stays silent on:
//
//   - package main, main and init functions, package initialization,
//     tests and examples, and closures passed to sync.Once.Do: goroutines
//     started once per program live as long as the program by design;
//   - goroutines serving signals (the function calls signal.Notify);
//   - goroutines that work on no state of their starter: no receiver,
//     arguments or captured variables (`go func() { for range
//     time.Tick(d) { debug.FreeOSMemory() } }()`): process-wide
//     housekeeping, which leaks only if its starter runs more than once;
//   - loops that do not wait on a channel (a busy loop, an accept loop, a
//     loop around time.Sleep): what ends them is not a channel;
//   - a function that can return on any path, however unlikely, or that
//     may panic or call runtime.Goexit.
//
// A goroutine that ranges over a channel nobody closes is recvblock's.
//
// It has no flags.
package endlessgo
