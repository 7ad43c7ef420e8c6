// Package recvblock defines an Analyzer that reports channel operations
// that nothing can ever complete: a receive no send or close can satisfy, a
// for-range over a channel nobody closes, an operation on a channel that is
// never made.
//
// # Analyzer recvblock
//
// recvblock: receive or range that no send or close can ever complete
//
// A goroutine blocked on a receive that nothing will satisfy never ends.
// recvblock looks at channels whose every use it can see: channels a
// function makes and keeps to itself, and channels held in unexported
// struct fields and unexported package variables, whose operations it
// collects over every function and method of the package (the package
// model of chanflow). It reports:
//
//   - a receive from a channel that nothing in its scope sends on or
//     closes: a done channel nobody closes, a result channel nobody fills;
//   - a receive from a channel whose only close is deferred by the very
//     function that waits for it (`defer close(done)`, or a deferred
//     helper that closes it, of this package or, through facts, another):
//     the close runs after the return, which the receive prevents;
//   - a for-range over a channel that nothing closes, when the loop ends
//     only by the channel being closed: once the senders are done, the
//     ranging goroutine waits forever;
//   - a send, receive or range on a field or package variable that is
//     never assigned a channel in the package (only nil, or nothing): it
//     is nil and blocks forever; a close of it panics;
//   - a plain receive from an unbuffered field channel whose every sender
//     is a select case that gives up on the object's stop channel (a field
//     channel that is closed, never sent on) and then leaves for good,
//     when nothing closes the channel: once the senders have stopped, the
//     receive waits forever; select on the same stop channel;
//   - a receive from an unbuffered field channel made while holding a
//     mutex that every send on and close of the channel holds too (the
//     lock model of lockset): the senders cannot reach their send while
//     the receiver holds the lock; receive before locking.
//
// WRONG:
//
//	type worker struct{ jobs chan job }
//
//	func newWorker() *worker {
//		w := &worker{jobs: make(chan job)}
//		go w.loop()
//		return w
//	}
//
//	func (w *worker) loop() {
//		for j := range w.jobs { // nothing closes w.jobs: loop never returns
//			j.run()
//		}
//	}
//
// RIGHT: close the channel when the last job is sent, so the range ends:
//
//	func (w *worker) Close() { close(w.jobs) }
//
// recvblock deliberately stays silent when:
//
//   - the channel may be used by code it cannot see: an exported field or
//     variable, a field of an anonymous struct type (written out twice,
//     its two spellings have distinct fields), a field whose address is taken, a channel stored from a
//     parameter or another variable, passed to an unknown function, or
//     converted to an interface. A channel handed out as receive-only
//     (`func (s *S) Done() <-chan struct{}`) still counts as seen: its
//     holders can receive, not send or close;
//   - the operation is a case of a select with other cases or a default
//     (a nil channel in a select is the usual way to switch a case off);
//   - the function compares the channel with nil: it knows the channel
//     may be unset (a test hook);
//   - a for-range loop can also end by break, return or goto;
//   - a receive right after the make of its channel, with no call in
//     between (`never := make(chan struct{}); <-never`): a stub that blocks
//     forever on purpose, as select {} does, and as `<-done` at the end of
//     main does;
//   - a buffered channel whose senders give up (a semaphore's release
//     receives the slot its acquire filled), and senders that give up on
//     their own call's ctx.Done() (the next call may send again);
//   - a channel passed to signal.Notify: the runtime sends on it for as
//     long as the program runs, and ranging over it is how a signal
//     handler lives;
//   - a for-range in main or init, which lives as long as the program,
//     and a receive nothing completes in main or init (`<-done` that
//     blocks the program forever on purpose).
//
// Sends that nobody receives are unbufsend's; goroutines whose loop cannot
// end at all are endlessgo's.
//
// It has no flags.
package recvblock
