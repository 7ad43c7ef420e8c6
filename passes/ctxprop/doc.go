// Package ctxprop defines an Analyzer that reports contexts that stop
// propagating: cancel functions that are never called, and work started
// without the context a function has at hand.
//
// # Analyzer ctxprop
//
// ctxprop: context not cancelled, or not passed on where one is in scope
//
// A request's context is how a Go program stops work nobody wants any more.
// ctxprop reports the places where that chain breaks.
//
// A context leak: the cancel function of context.WithCancel, WithTimeout,
// WithDeadline (or their Cause variants) discarded with _, overwritten
// before it is called, never called, or skipped on some path to a return
// (or around a loop). Until it is called, the context, its timer and its
// goroutine stay alive until the parent context is done, which for a
// context built on context.Background() is never.
//
// WRONG:
//
//	ctx, cancel := context.WithTimeout(ctx, time.Second)
//	if err := check(); err != nil {
//		return err // cancel is never called on this path
//	}
//	defer cancel()
//
// RIGHT:
//
//	ctx, cancel := context.WithTimeout(ctx, time.Second)
//	defer cancel()
//
// In a function with a context at hand (a context.Context parameter, an
// *http.Request parameter, or either captured by a function literal):
//
//   - context.Background() or context.TODO() passed, directly or through
//     context.WithTimeout and friends, to a call: the callee keeps running
//     after the caller's context is cancelled. Suggested fix: use the
//     context in scope. A function of any package that always returns a
//     context built from Background (recorded as a fact) counts as well.
//   - a context-less API where a variant taking a context exists:
//     http.Get, Head, Post, PostForm (package functions and Client
//     methods), database/sql Query, QueryRow, Exec, Prepare, Ping and
//     Begin on DB, Tx, Conn and Stmt, exec.Command, http.NewRequest,
//     net.Dial, DialTimeout and the package-level DNS lookups, tls.Dial, and in user code any function or method X whose
//     package or type declares XContext, XWithContext or XCtx taking a
//     context followed by exactly X's parameters (and optionally trailing
//     variadic options) and returning X's results. Suggested fixes where the
//     rewrite is mechanical. Not reported when the result is handed, with a
//     context, to another call (exec.Command then runContext(ctx, cmd)), or
//     when a request from http.NewRequest gets req.WithContext(ctx).
//     net.Listen, ListenPacket and LookupPort are left out: they do not wait
//     on the network in practice.
//
// WRONG:
//
//	func (s *Store) Get(ctx context.Context, id string) (*Item, error) {
//		row := s.db.QueryRow("SELECT ... WHERE id = ?", id) // not cancelled with ctx
//		...
//	}
//
// RIGHT:
//
//	row := s.db.QueryRowContext(ctx, "SELECT ... WHERE id = ?", id)
//
// Deliberately not reported, because these are how correct code detaches
// work from a context, and the analyzer cannot tell them from mistakes:
//
//   - code in main, init and tests, which own the root context;
//   - functions with no context in scope (a parameter named _ counts as
//     none: the function says it does not want it);
//   - a fresh context handed to a go statement, a defer statement, a
//     function literal, stored, returned, or merged with another context
//     (`if ctx == nil { ctx = context.Background() }`); and
//     context.WithoutCancel(ctx), the explicit detach;
//   - code reached only once a context is done or missing: after
//     <-ctx.Done() or a receive of an os.Signal, in a select case on
//     ctx.Done(), under ctx.Err() != nil or ctx == nil (graceful shutdown
//     with a fresh timeout context is correct there);
//   - deferred function literals (cleanup must often outlive a context that
//     is already cancelled);
//   - a cancel function that is returned, stored, captured by a function
//     literal, passed to a function, compared, or explicitly ignored with
//     `_ = cancel`: something else may call it; paths that end in a panic,
//     os.Exit, log.Fatal or a function of the package that never returns;
//   - log/slog's XContext methods, whose context carries values, not
//     cancellation.
package ctxprop
