// Package ctxprop defines an Analyzer that reports contexts that stop
// propagating: cancel functions that are never called, and work started
// without the context a function has at hand.
//
// # Analyzer ctxprop
//
// ctxprop: context not cancelled, or not passed on where one is in scope
//
// A request's context is how a Go program stops work nobody wants any more.
// ctxprop reports the places where that chain breaks. It works on SSA: the
// questions are which value reaches which call, and on which paths.
//
// Context leaks. The cancel function of context.WithCancel, WithTimeout,
// WithDeadline (or their Cause variants) discarded with _, overwritten or
// never called, skipped on some path to a return, or lost when a loop
// comes back to the call. Until it is called, the context and its timer
// stay alive until the parent is done, which for a context built on
// context.Background() is never. Unlike go vet's lostcancel, the SSA value
// is followed, so `ctx, cancel = context.WithTimeout(ctx, d)` that
// replaces an earlier, uncalled cancel is caught, and so is a cancel
// function whose only use is a store into an unexported struct field that
// nothing in the package reads (no Close or Stop method calls it).
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
// In a function with a context at hand (a named context.Context
// parameter, an *http.Request parameter, or either captured by a function
// literal) it also reports:
//
//   - context.Background() or context.TODO() passed, directly or through
//     context.WithTimeout and friends, to a call: the callee keeps running
//     after the caller's context is cancelled. Suggested fix: use the
//     context in scope. A function of any package whose context result
//     always starts from Background (recorded as a fact) counts too.
//   - a context-less API where a variant taking a context exists. The
//     variant is derived from the types, in any package: a function or
//     method X whose package or receiver type declares XContext,
//     XWithContext or XCtx taking a context followed by exactly X's
//     parameters (and optionally trailing variadic options) and returning
//     X's results (database/sql Query, QueryRow, Exec, Prepare, Ping and
//     Stmt on DB, Tx, Conn and Stmt; exec.Command; http.NewRequest;
//     tls.Conn.Handshake; Dialer.Dial); one named X followed by another
//     word that takes, after those, a pointer to its own package's options
//     struct, called with nil (DB.Begin -> BeginTx(ctx, nil)); for a
//     package-level function, a method named X (or XContext...) of an
//     exported package variable (net.LookupHost ->
//     net.DefaultResolver.LookupHost); and, in the standard library only
//     (where a type's ready zero value is documented, not typed), of a
//     zero struct value (net.Dial -> (&net.Dialer{}).DialContext). A
//     short table covers the std APIs whose variant follows no rule:
//     http.Get, Head, Post, PostForm (the context goes into the request),
//     tls.Dial and DialWithDialer (config and dialer move into
//     tls.Dialer), net.DialTimeout (the timeout moves into net.Dialer)
//     and net.LookupIP (the variant takes a network first). Suggested
//     fixes where the rewrite is mechanical.
//   - a function literal started with go that blocks on channels, can
//     never return, and neither takes nor captures a context or watches a
//     Done channel: every call leaves it behind, blocked, after the
//     context is cancelled.
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
// It also reports an unexported helper that makes its own
// context.Background() (or TODO) for work that waits on it while every one
// of its callers has a context in scope: the helper wants a ctx parameter.
// The callers are listed as related positions. A helper that any caller
// without a context reaches, that is used as a func value or may be
// called through an interface, or that is started with go or defer, is
// not reported.
//
// Deliberately not reported, because these are how correct code detaches
// work from a context, and the analyzer cannot tell them from mistakes:
//
//   - code in tests, in func main and init (and their literals), which own
//     the root context, and generated code;
//   - functions with no context in scope: a parameter named _ counts as
//     none (the function says it does not want it), and a context kept in
//     a struct field is a lifetime, not a request;
//   - a fresh context handed to a go or defer statement, a function
//     literal, stored, returned, sent, or merged with another context
//     (`if ctx == nil { ctx = context.Background() }`);
//     context.WithoutCancel(ctx), the explicit detach; a fresh context
//     derived with a cancel func that is handed on (stored, returned,
//     captured, or called only on failure), whose life is managed past the
//     call on purpose. A helper that takes a context and returns one
//     (namespaces.WithNamespace) is a derivation: the context is followed
//     into its result, and the call that consumes it is the one named; a fresh context
//     attached to a request with req.WithContext; one passed to a cleanup
//     or shutdown operation (a callee named like Shutdown, Stop, Close,
//     Exit, Cleanup, Release, Unlock, Rollback, Abort, Revoke, Teardown,
//     Drain), which must finish even when the caller's context is gone;
//   - code reachable once a context is done or missing: after
//     <-ctx.Done() or a receive of an os.Signal, in a select case on
//     ctx.Done(), under ctx.Err() != nil or ctx == nil (graceful shutdown
//     with a fresh timeout context is correct there), and what follows
//     them, even when also reachable otherwise (the cleanup after a loop
//     that leaves on ctx.Done() or on an error: ctx would make it fail on
//     the first path);
//   - a call whose result outlives the function: stored in a field, a
//     global or a container, sent, or captured by a closure (a fifo a
//     copying goroutine reads, a connection kept by a struct): tying it
//     to the context in scope would end it with the request that created
//     it; and an exec.Command returned to the caller, which may start it
//     as a daemon that exec.CommandContext would kill with the request;
//   - deferred function literals (cleanup must often outlive a context that
//     is already cancelled), and deferred calls and go statements of
//     context-less APIs;
//   - a context-less call whose result is handed, with a context, to
//     another call (exec.Command then runContext(ctx, cmd)), a request from
//     http.NewRequest given req.WithContext(ctx) (when the copy it returns
//     is kept: a dropped one applies nothing), and the body of XContext
//     itself calling X; net.Listen, ListenPacket, LookupPort and
//     DialUnix, which do not wait on the network in practice; log/slog's
//     XContext methods, whose context carries values, not cancellation;
//     a Wait on a handle made by a call that was given a context
//     (f := q.Submit(ctx, job); f.Wait(), or a handle built around its
//     result): the work waited for was started with the context and ends
//     with it, while WaitContext would abandon only the wait (and what
//     must follow it, reading the result or recycling the handle);
//     an XContext whose context is not first, whose other parameters or
//     results differ from X's, or (outside std) that is a method of a
//     zero value nobody is known to be allowed to build;
//   - a fresh context passed to, or the context-less variant of, a
//     function that never waits on its context: it only reads its values
//     (a logger's or tracer's InfoContext), checks ctx.Err() or ctx == nil
//     as a flag, or hands it only to functions that do the same; a
//     logger's formatting method that takes a context (Printf(ctx,
//     format, ...), Infof...), even through an interface, counts too. This is
//     learnt from the callee's code, across packages through facts; an
//     unused context parameter does not count (it is a placeholder for
//     cancellation to come);
//   - a cancel function that is returned, stored (in a variable, an
//     exported field, or a field the package reads), captured by a function
//     literal, passed to a function, compared, or explicitly ignored with
//     `_ = cancel` (something else may call it); paths that end in a
//     panic, os.Exit, log.Fatal (or any Fatal, Exit, Panic, FailNow
//     method) or a function of the package that never returns; paths on
//     which the derived context (or its parent) is already observed done,
//     since a done context has released what cancel would;
//   - goroutines that may return (ranging over a channel someone closes):
//     whether they end is a question about channels, not contexts.
//
// The analyzer has no flags.
package ctxprop
