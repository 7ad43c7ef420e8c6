// Package unbufsend defines an Analyzer that reports channel sends that
// can block forever, leaking the goroutine that makes them.
//
// # Analyzer unbufsend
//
// unbufsend: send on a channel that can block forever
//
// A goroutine blocked on a send that nobody will ever receive never ends:
// its stack, and everything it references, leak for the life of the
// process. unbufsend follows every channel a function makes (and every
// channel returned by a same-package or summarised generator) and reports:
//
//   - the timeout / cancellation leak: a goroutine sends on the channel, and
//     the function can return without receiving — a select that takes the
//     ctx.Done() / time.After / default case, or the case of the object's
//     stop channel (a field channel that only other functions, such as
//     Stop, close), an early return on error;
//   - more senders than receives: several goroutines (a loop, or several go
//     statements) each send, and on some path the function receives fewer
//     times than there are senders, more than the buffer holds — a loop
//     that stops at the first error, "the first answer wins";
//   - a send nobody else receives: a send on an unbuffered channel in the
//     goroutine that made it, while no other goroutine ever receives from
//     it (the only receive comes later in the same goroutine), or before
//     any other goroutine can have it: before the channel is returned,
//     stored, passed on or handed to a goroutine, on every path to the
//     send;
//   - a buffer filled before anyone can drain it: a channel made with a
//     constant buffer of N, and N+1 sends on it in the goroutine that made
//     it before any receive, close, len/cap test, goroutine or escape can
//     give it to a receiver (the receiver is started later, or never).
//     A send counts only when it runs on every path to the one that
//     blocks (also the call of a helper of this package that sends on
//     every path); a send in a loop counts as many times as the loop's
//     constant trip count (`for i := 0; i < 3; i++`, `for range 3`);
//   - a Wait deadlock: a goroutine started with g.Go (errgroup) or wg.Go
//     (sync.WaitGroup) sends on an unbuffered channel, and every path of
//     the function calls g.Wait() before receiving from it: Wait waits for
//     the sender, which waits for the receive after Wait.
//
// For channels held in unexported struct fields and package variables,
// whose every store and use the package model of chanflow sees across the
// package's functions and methods, it also reports:
//
//   - the receiver that stops: a plain send on an unbuffered field channel
//     whose only receivers are select loops that leave for good on
//     another case (a stop channel, ctx.Done(), a timer): once that loop
//     has returned, the send blocks forever. The fix selects on the same
//     stop channel in the send;
//   - the send under the receiver's lock: a send on an unbuffered field
//     channel while holding a mutex that every receiver of the channel
//     holds when it receives (the lock model of lockset): the receiver
//     cannot reach its receive until the sender lets go of the lock; or
//     when every receiver is a case of a select in a loop whose other case
//     takes that mutex: once that case fires, the loop waits for the lock
//     and never comes back to receive. The fix releases the lock before
//     sending, or buffers the channel;
//   - a send nobody receives: a plain send on an unbuffered field channel
//     that nothing in the package receives from (and nothing outside can).
//
// Closures passed to sync.WaitGroup.Go, errgroup's Group.Go and
// Group.TryGo run on a new goroutine and are treated as go statements.
//
// A channel made inside a loop is a new channel on each pass: each is
// judged from its make to the next pass's, and a pass that moves on
// without receiving abandons its senders as a return would.
//
// WRONG:
//
//	func fetch(ctx context.Context) (Result, error) {
//		results := make(chan Result)
//		go func() { results <- slowFetch() }() // blocks forever after a timeout
//		select {
//		case r := <-results:
//			return r, nil
//		case <-ctx.Done():
//			return Result{}, ctx.Err()
//		}
//	}
//
// RIGHT: give the channel room for the one send, so the goroutine can
// finish whether or not anyone is still waiting:
//
//	results := make(chan Result, 1)
//
// or let the sender give up too:
//
//	go func() {
//		select {
//		case results <- slowFetch():
//		case <-ctx.Done():
//		}
//	}()
//
// Every report names, as related positions, the go statement (or g.Go
// call) that starts the blocked sender and the make of the channel.
//
// The advice follows why the sender is left behind. A function that
// leaves early on purpose — a select that takes its timeout, ctx.Done(),
// stop or default case, a loop that stops, a return decided by a value
// received from a channel (the first error, the first answer) — or that
// fails on an error path (it returns a non-nil error, or branches on
// err != nil: it is giving up, and waiting for a sender that may run as
// long as a server could hang it, kubernetes #93008) does not want to
// wait: the message says to give the channel a buffer, and a suggested
// fix adds it when its size is known: 1 for a single sender, the number
// of go statements, or len(xs) for goroutines started in
// `for ... range xs`. A function that never receives at all, or leaves
// on a path that is no error path (it returns success, or moves on)
// without receiving and without any of the reasons above, has forgotten
// the sender and its value: the message says to receive from the channel
// (drain it, with several senders) before that return, or to give it a
// buffer only if the value is not needed there; no fix is suggested, since
// a buffer would drop the value (often an error) quietly:
//
//	errc := make(chan error)
//	go func() { errc <- save() }()
//	if cached {
//		return nil // receive from errc before that return
//	}
//	return <-errc
//
// Helpers are followed: a named function started with go, a helper that
// starts the goroutine, a function in another package (through facts), and
// a generator — a function that makes a channel, starts a goroutine that
// sends on it and returns it — whose caller stops ranging over it early.
//
// unbufsend deliberately stays silent when:
//
//   - one call both starts the sender and receives from the channel (a
//     helper that runs `go fetch(ch)` and then waits in a select for the
//     result): the order of the two is inside the callee, out of this
//     function's sight;
//   - the buffer holds every send that may be left (counted when the number
//     of senders is known);
//   - every path drains the channel, including a for-range after a close,
//     and a loop that counts its receives;
//   - the sender selects on ctx.Done() or has a default case;
//   - a send in a _test.go file on a field channel whose receiving loop can
//     stop: the test drives the object's lifecycle and sends while the
//     loop runs;
//   - another goroutine, or a deferred call, receives from the channel;
//   - the channel escapes: stored in a field, global, map or slice,
//     returned (except from a generator), sent on a channel, converted to an
//     interface, or passed to code it cannot see — someone else may drain it.
//     A closure handed to unknown code (a hook, a callback) that only sends
//     on the channel or closes it does not count: it cannot drain it;
//   - the buffer size is not a constant;
//   - for a buffer filled before a receiver exists: sends on different
//     paths, sends in a select, through a helper that sends only
//     sometimes or that belongs to another package, a loop that can stop
//     early or whose trip count is not a constant, and a receive, close,
//     len or cap, goroutine or escape that may come between the make and
//     the send (a callee in another package counts as receiving unless
//     its facts say it only sends);
//   - the function closes the channel itself (a deferred close, say): a
//     sender left pending then panics on the closed channel rather than
//     blocks, and a buffer would not fix it;
//   - g.TryGo whose result is tested (whether the sender exists depends on
//     it); a path that passes a g.Wait() which may be on the senders' group
//     (it blocks there, not leaks), or a deferred g.Wait(); a Wait before
//     the receive on only some paths;
//   - the only way out is log.Fatal, os.Exit, a panic, or a test that has
//     already failed (t.Error, t.Fatal, ...): a leak there does not matter;
//   - a select leaves on another channel that is not a cancellation or a
//     timeout: the sender itself may signal that channel once it is done;
//   - a loop that starts a sender and receives from it in the same
//     iteration stops early: nothing is left behind;
//   - a loop leaves on a case other than cancellation or a timeout (a done
//     channel closed once every sender finished means nothing is left);
//   - for field channels: an exported field, a field whose address is
//     taken or that is assigned a channel from elsewhere, a channel handed
//     out by a method, a buffered one, one made at several places (re-made
//     per run), one that is also closed; a stopping loop that leaves only
//     sometimes (when the last worker reports) or comes back to receive
//     again; a send made after a Lock on some path (a flag the stopper sets
//     under that lock may guard it); a receiver that holds the lock only
//     on some paths, or a read lock against a read lock.
//
// It has no flags.
package unbufsend
