package helpers

import (
	"context"
	"database/sql"
	"net/http"
)

type server struct{ db *sql.DB }

func (s *server) handle(w http.ResponseWriter, r *http.Request) {
	s.refresh()
}

func (s *server) sync(ctx context.Context) error {
	s.refresh()
	return nil
}

// Every caller has a context, but refresh makes its own: the query keeps
// running after the request is gone.
func (s *server) refresh() {
	s.db.QueryContext(context.Background(), "SELECT 1") // want `context.Background\(\) passed to s.db.QueryContext in refresh drops the context all 2 of its callers have: handle \(line \d+\) has r.Context\(\) in scope`
}

// Ok: one caller has no context to give (a timer's callback, a startup
// path), so the helper's own Background is how it gets one.
func (s *server) load() {
	s.db.QueryContext(context.Background(), "SELECT 1")
}

func (s *server) handleLoad(w http.ResponseWriter, r *http.Request) { s.load() }

func (s *server) start() { s.load() }

// Ok: the helper is used as a value (a callback): callers we cannot see
// may call it without a context.
func (s *server) warm() {
	s.db.QueryContext(context.TODO(), "SELECT 1")
}

func (s *server) handleWarm(w http.ResponseWriter, r *http.Request) {
	s.warm()
	register(s.warm)
}

func register(f func()) {}

// Ok: exported: callers in other packages may have no context.
func (s *server) Reload() {
	s.db.QueryContext(context.Background(), "SELECT 1")
}

func (s *server) handleReload(w http.ResponseWriter, r *http.Request) { s.Reload() }

// Ok: started with go: the detach is deliberate.
func (s *server) background() {
	s.db.QueryContext(context.Background(), "SELECT 1")
}

func (s *server) handleBackground(w http.ResponseWriter, r *http.Request) { go s.background() }

// Ok: the helper's context goes to a cleanup that must outlive the
// caller's context.
func (s *server) closeAll(srv *http.Server) {
	srv.Shutdown(context.Background())
}

func (s *server) handleStop(w http.ResponseWriter, r *http.Request, srv *http.Server) {
	s.closeAll(srv)
}

type flusher interface{ flush() }

// Ok: flush may also be reached through the flusher interface, from
// callers the analysis does not see.
func (s *server) flush() {
	s.db.QueryContext(context.Background(), "SELECT 1")
}

func (s *server) handleFlush(w http.ResponseWriter, r *http.Request) { s.flush() }

func flushAll(fs []flusher) {
	for _, f := range fs {
		f.flush()
	}
}

type logger interface {
	Printf(ctx context.Context, format string, args ...any)
}

var log logger

// Ok: a logger reads trace IDs from its context; a fresh one loses nothing
// that can be cancelled.
func (s *server) logIdle() {
	log.Printf(context.Background(), "idle")
}

func (s *server) handleIdle(w http.ResponseWriter, r *http.Request) { s.logIdle() }

func logged(ctx context.Context) {
	log.Printf(context.Background(), "done")
}
