package fresh

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"time"
)

func work(context.Context) error { return nil }

type store struct{}

func (store) Get(ctx context.Context, key string) (string, error) { return "", nil }

// background: the store call outlives a cancelled ctx.
func background(ctx context.Context, s store) {
	s.Get(context.Background(), "k") // want `context.Background\(\) passed to s.Get drops ctx, the context in scope: s.Get is not cancelled when ctx is and loses its deadline and values`
}

// todo: the same with TODO, through a derived timeout context.
func todo(ctx context.Context) {
	c, cancel := context.WithTimeout(context.TODO(), time.Second) // want `context.TODO\(\) passed to work drops ctx`
	defer cancel()
	work(c)
}

// handler: an *http.Request carries the context.
func handler(w http.ResponseWriter, r *http.Request) {
	work(context.Background()) // want `context.Background\(\) passed to work drops r.Context\(\), the context in scope`
}

// closure: a function literal that captures ctx has it in scope.
func closure(ctx context.Context, items []string) {
	each(items, func(string) {
		work(context.Background()) // want `context.Background\(\) passed to work drops ctx`
		_ = ctx
	})
}

func each(items []string, f func(string)) {
	for _, it := range items {
		f(it)
	}
}

// shadowed: the fix cannot name ctx where another ctx hides it; the
// diagnostic stays, without a fix.
func shadowed(ctx context.Context) {
	{
		ctx := 1
		work(context.Background()) // want `context.Background\(\) passed to work drops ctx`
		_ = ctx
	}
}

// OkNoContext: nothing in scope to pass.
func OkNoContext() {
	work(context.Background())
}

// OkBlankParam: the function says it does not want its context.
func OkBlankParam(_ context.Context) {
	work(context.Background())
}

// OkDetached: WithoutCancel is the explicit detach.
func OkDetached(ctx context.Context) {
	work(context.WithoutCancel(ctx))
}

// OkGoStatement: a background job must outlive the request.
func OkGoStatement(ctx context.Context) {
	go work(context.Background())
}

// OkGoClosure: the goroutine does not capture ctx, so it has none in scope.
func OkGoClosure(ctx context.Context) {
	go func() {
		work(context.Background())
	}()
}

// OkDeferredArg: cleanup must run even when ctx is cancelled.
func OkDeferredArg(ctx context.Context, s store) {
	defer s.Get(context.Background(), "unlock")
	work(ctx)
}

// OkDeferredClosure: the same in a deferred function literal.
func OkDeferredClosure(ctx context.Context) {
	defer func() {
		c, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		work(c)
		_ = ctx
	}()
	work(ctx)
}

// OkAfterDone: graceful shutdown after the context is done needs a fresh
// one.
func OkAfterDone(ctx context.Context, srv *http.Server) {
	<-ctx.Done()
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(c)
}

// OkSelectDone: the same inside a select case.
func OkSelectDone(ctx context.Context, srv *http.Server, errc chan error) error {
	select {
	case <-ctx.Done():
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(c)
	case err := <-errc:
		return err
	}
}

// OkSignal: a shutdown signal ends the live phase too.
func OkSignal(ctx context.Context, srv *http.Server) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	<-sig
	srv.Shutdown(context.Background())
	_ = ctx
}

// OkErrChecked: ctx.Err() != nil says it is done.
func OkErrChecked(ctx context.Context) error {
	if ctx.Err() != nil {
		return work(context.Background())
	}
	return work(ctx)
}

// OkNilDefault: the defensive default for a nil context.
func OkNilDefault(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	work(ctx)
}

// OkNilGuard: a nil context has nothing to propagate.
func OkNilGuard(ctx context.Context) error {
	if ctx == nil {
		return work(context.Background())
	}
	return work(ctx)
}

type server struct{ ctx context.Context }

// OkStoredLifetime: a lifetime context stored in an object outlives the
// call that creates it, on purpose.
func (s *server) OkStoredLifetime(ctx context.Context) {
	s.ctx = context.Background()
}

// OkReturned: the caller decides.
func OkReturned(ctx context.Context) context.Context {
	return context.Background()
}

// OkRequestHelper: a helper taking the request uses its context.
func OkRequestHelper(r *http.Request) error {
	return work(r.Context())
}

// OkCallsHelper: the handler hands the request on.
func OkCallsHelper(w http.ResponseWriter, r *http.Request) {
	OkRequestHelper(r)
}

func exitProcess(ctx context.Context) {}

// OkStopHandler: a /stop handler must not tie the shutdown to its own
// request, which the shutdown ends.
func OkStopHandler(w http.ResponseWriter, r *http.Request) {
	exitProcess(context.Background())
}

type lock struct{}

func (lock) Unlock(ctx context.Context) error { return nil }

// OkRelease: releasing a lock must happen even when ctx is cancelled.
func OkRelease(ctx context.Context, l lock) error {
	err := work(ctx)
	c, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.Unlock(c)
	return err
}

// OkSnapshotPost: the request gets its own cancellable context on
// purpose.
func OkSnapshotPost(req *http.Request, c *http.Client) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req = req.WithContext(ctx)
	_, err := c.Do(req)
	return err
}

// OkLabels: profiler labels only carry values.
func OkLabels(ctx context.Context) {
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("k", "v")))
}

// OkAfterCancelled: once the work was cancelled, recording that needs a
// context that is still live.
func OkAfterCancelled(ctx context.Context, s store) error {
	err := work(ctx)
	if errors.Is(err, context.Canceled) {
		s.Get(context.Background(), "mark-cancelled")
	}
	return err
}
