// Package afterfunc defines an Analyzer that reports time.AfterFunc
// callbacks that can fire after their function released what they use.
//
// # Analyzer afterfunc
//
// afterfunc: callback of time.AfterFunc that can fire after the function released what it uses
//
// A watchdog armed with time.AfterFunc runs its callback on a goroutine of
// its own once the duration has passed, whether or not the function that
// armed it is still running. If the function closes the connection (or
// file, or body, or puts a buffer back into its sync.Pool) and returns
// without stopping the timer, the callback later works on a released
// value: it closes a connection a pool has handed to someone else, writes
// into a buffer another goroutine now owns, or fails on a closed file.
// This holds in every Go version; the collectable timers of Go 1.23 change
// nothing, since an armed AfterFunc timer still fires.
//
// afterfunc reports time.AfterFunc(d, f), f a function literal or a
// method value such as conn.Close, when
//
//   - f uses a variable v of the function, or a field v.f of the struct v
//     points to (w.conn), on every path through it on which that value is
//     not nil (calls a method of it other than one that only describes it,
//     such as String or RemoteAddr, or passes it to a function outside
//     fmt, log, log/slog and errors), and
//   - the function releases v — calls v.Close(), directly, deferred, or in
//     a closure it defers or calls that closes v on every path, or puts v
//     back with sync.Pool.Put — on some path to a return, and
//   - no Stop of the timer, direct or deferred, lies on that path: the
//     timer is discarded (time.AfterFunc called as a statement, the form
//     the function cannot stop at all) or kept in a local variable that is
//     not stopped there. A closure that only rearms the timer (a pong
//     handler calling t.Reset) does not count as a stop, wherever it goes.
//
// WRONG:
//
//	func serve(conn net.Conn) error {
//		defer conn.Close()
//		time.AfterFunc(timeout, func() {
//			conn.SetDeadline(time.Now()) // fires after serve returned
//		})
//		return handle(conn)
//	}
//
// RIGHT:
//
//	func serve(conn net.Conn) error {
//		defer conn.Close()
//		t := time.AfterFunc(timeout, func() {
//			conn.SetDeadline(time.Now())
//		})
//		defer t.Stop() // runs before conn.Close
//		return handle(conn)
//	}
//
// Deliberately not reported, because the code may well be right:
//
//   - a timer that is returned, stored in a field (stopped by a Close
//     method, say), passed to another function or captured by a closure
//     other than a deferred `func() { t.Stop() }`: code out of sight may
//     stop it;
//   - a callback that may skip the use (it checks a flag, a context or a
//     sync.Once first), or that only logs or describes the value;
//   - a callback that sends on or closes a channel, or signals a
//     sync.WaitGroup or sync.Cond: the function may be waiting for it,
//     and then it has run before the release;
//   - a fire-and-forget AfterFunc whose callback uses something the
//     function does not release itself (close this connection in five
//     seconds): that delay is the point;
//   - calling a context.CancelFunc the function also calls: cancelling
//     twice is harmless;
//   - releases through helpers, closures that close only on some paths,
//     and values reached deeper than one field of a captured variable: the
//     analyzer follows the variable and its fields only, and takes a field
//     closed by the function to be the one the callback uses;
//   - tests and generated files.
//
// The analyzer has no flags.
package afterfunc
