// Package doubleclose defines an Analyzer that reports channels that can be
// closed twice, and sends on a channel that is already closed.
//
// # Analyzer doubleclose
//
// doubleclose: channel closed twice, or sent on after close, on some path
//
// Closing a closed channel panics, and so does sending on one. The panic
// happens in whichever goroutine comes second, often far from the code that
// made the mistake, and only on the path (the error branch, the timeout, the
// second worker) that tests rarely take. doubleclose reports:
//
//   - two closes of one channel on one path through a function: two close
//     calls, a close reached again through a switch fallthrough, a deferred
//     close plus an explicit one, or a helper that always closes its
//     parameter (or a method that always closes a field of its receiver,
//     such as an unguarded Close) called twice on that path, in this
//     package or another (through facts);
//   - a close in a loop that runs it again: the loop goes round after the
//     close, and the condition that led to it can hold again: none, a
//     select case on a context's Done channel, a ticker or a signal channel
//     (chan struct{}), a receive that saw its channel closed, or a test of
//     fresh data (a type switch, err != nil, a nil check or a threshold on
//     what the iteration just read);
//   - a close in the body of a goroutine started more than once (a go
//     statement in a loop), in two goroutines, or in a goroutine and in the
//     function that starts it, when the goroutine closes on every path (a
//     func literal, a helper closing its parameter, a method closing its
//     receiver's field);
//   - a field of the package's types (or a package variable) closed on
//     every path by a goroutine the package starts (`defer close(s.done)`
//     in its loop) and, on every path, by another function (Stop): the
//     producer and the consumer both closing, whichever runs second
//     panics; also when the goroutine closes (itself or through a method
//     such as shutdown) not on every path but whenever it leaves through a
//     receive case of a select (`case <-ctx.Done(): s.shutdown(); return`),
//     while the other function closes on every path: once the goroutine
//     has left that way, the other close panics;
//   - a send on a channel that the function has already closed on that
//     path: a certain panic;
//   - a send, by a goroutine the function started, on an unbuffered
//     channel the function closes in a defer, when the function can return
//     without receiving it: the deferred close runs first, and the send
//     panics.
//
// Escape does not excuse a double close: the second close panics whoever
// else holds the channel, so channels received as parameters, captured by
// closures and held in struct fields count too. Two loads of the same field
// are the same channel when nothing between them (a store to that field, a
// call into non-standard code) can re-point it.
//
// WRONG:
//
//	for i := 0; i < workers; i++ {
//		go func() {
//			defer close(results) // the second worker to finish panics
//			for job := range jobs {
//				results <- process(job)
//			}
//		}()
//	}
//
// RIGHT: close once, after every sender is done:
//
//	var wg sync.WaitGroup
//	for i := 0; i < workers; i++ {
//		wg.Go(func() {
//			for job := range jobs {
//				results <- process(job)
//			}
//		})
//	}
//	go func() { wg.Wait(); close(results) }()
//
// WRONG:
//
//	for {
//		select {
//		case <-ctx.Done():
//			close(out) // ctx.Done() stays ready: the next iteration closes again
//		case v := <-in:
//			out <- v
//		}
//	}
//
// RIGHT: return (or break out of the loop) after closing:
//
//	case <-ctx.Done():
//		close(out)
//		return
//
// doubleclose deliberately does not report:
//
//   - calls of a function that closes a field and then makes it anew
//     (`close(n.wake); n.wake = make(chan struct{})`, the broadcast idiom):
//     it leaves an open channel behind, so two calls close two channels;
//   - closes on exclusive branches, or a close followed by return or break;
//   - closes guarded by sync.Once, by a flag or state field (checked under
//     a lock, or with an atomic compare-and-swap), or by the select idiom
//     `select { case <-ch: default: close(ch) }`;
//   - a variable re-pointed at a new channel between the two closes, and
//     a channel made afresh on each iteration or for each goroutine;
//   - a close inside a loop whose deciding condition is a counter or a flag
//     the loop updates (`if i == n-1 { close(ch) }`), or a select case on a
//     channel that may deliver only one value (`case <-quit:` where quit is
//     a chan of values, not a signal channel);
//   - goroutines that close only under a condition: which of them closes,
//     and how often, depends on data the analysis cannot see (except the
//     select case above, with no flag test between the case and the
//     close, paired with a close on every path);
//   - a deferred close racing a goroutine that sends on a buffered
//     channel, or sends only under a condition: whether the send comes
//     before the close is timing or data;
//   - a Close method that closes a field without a guard, on its own: two
//     different callers each calling it once is the type's contract to
//     settle, not a certain bug (one function calling it twice is reported);
//   - a panic provoked on purpose: in a function that defers a recover,
//     or in a func literal of test code that panics there on every run
//     (no path from its entry returns without the second close), as tests
//     of the runtime's panic values do under a recovering helper; a test
//     function that always panics just fails, and is reported;
//   - closes reached only through two levels of helpers inside a goroutine,
//     fields reached through a pointer field (s.conn.done), and closes in
//     func values passed to other code (errgroup.Go, sync.Once.Do): the
//     analysis does not follow them, and stays silent.
//
// The analysis works on the SSA form of each function, takes channel
// identities and operations from the shared chanflow engine, and asks each
// question ("is there a path from this close to that one that does not
// re-point the channel and takes no branch that may be a guard?") with one
// reachability search over the control-flow graph, so its cost is linear in
// the size of the function. Loop-variable semantics (Go 1.22) are already
// in the SSA form, so no case depends on the file's Go version. It has no
// flags.
package doubleclose
