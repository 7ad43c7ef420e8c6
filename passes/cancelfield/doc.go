// Package cancelfield defines an Analyzer that reports context cancel
// functions kept in a struct field that nothing ever calls.
//
// # Analyzer cancelfield
//
// cancelfield: cancel function kept in a struct field that nothing calls
//
// A type that derives a context for its lifetime keeps the cancel function
// in a field so that Close or Stop can end that context. If no code ever
// calls the field, the context, its timer and the goroutine that
// propagates its parent's cancellation stay alive until the parent is
// cancelled, which for context.Background() is never. cancelfield looks at
// every unexported field of a struct type of the package that receives the
// cancel function of context.WithCancel, WithTimeout, WithDeadline (or
// their Cause variants), and reports it when the field is read somewhere
// but no value read from it is ever called, deferred, passed on, stored,
// returned or captured: typically it is only tested against nil.
//
// WRONG:
//
//	type worker struct {
//		cancel context.CancelFunc
//	}
//
//	func (w *worker) Start(ctx context.Context) {
//		ctx, w.cancel = context.WithCancel(ctx)
//		go w.loop(ctx)
//	}
//
//	func (w *worker) Running() bool { return w.cancel != nil } // read, never called
//
// RIGHT:
//
//	func (w *worker) Stop() {
//		if w.cancel != nil {
//			w.cancel()
//		}
//	}
//
// Deliberately not reported:
//
//   - exported fields: code in other packages may call them;
//   - fields never read at all: ctxprop reports the store of a cancel
//     function into a field nothing reads, where the cancel is created;
//   - a field whose value is passed to a function, stored elsewhere,
//     returned, captured by a closure or sent: it may be called there;
//   - fields whose address is taken, and fields that never receive a
//     cancel function from the context package;
//   - generated files.
//
// The analyzer has no flags.
package cancelfield
