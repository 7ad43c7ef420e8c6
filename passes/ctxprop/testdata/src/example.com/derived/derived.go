// Package derived covers the context variants ctxprop derives from the
// types (no hand list): database/sql's Stmt and Tx methods, DB.Begin's
// BeginTx(ctx, nil), crypto/tls's Handshake, net's package functions
// served by DefaultResolver or a zero Dialer, and the same rules in user
// code, each beside a look-alike that is not a variant.
package derived

import (
	"context"
	"crypto/tls"
	"database/sql"
	stdnet "net"
	"time"
)

// stmtQuery: a statement prepared with ctx still runs its query without
// it (PrepareContext's context bounds the preparation only).
func stmtQuery(ctx context.Context, db *sql.DB, id int) error {
	st, err := db.PrepareContext(ctx, "SELECT name FROM t WHERE id = ?")
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := st.Query(id) // want `st.Query cannot be cancelled: .*; call st.QueryContext\(ctx, ...\) instead`
	if err != nil {
		return err
	}
	return rows.Close()
}

// txMethods: Tx's Prepare, QueryRow and Stmt have Context variants.
func txMethods(ctx context.Context, tx *sql.Tx, st *sql.Stmt) {
	tx.Prepare("SELECT 1")  // want `tx.Prepare cannot be cancelled: .*; call tx.PrepareContext\(ctx, ...\) instead`
	tx.QueryRow("SELECT 1") // want `tx.QueryRow cannot be cancelled`
	tx.Stmt(st)             // want `tx.Stmt cannot be cancelled: .*; call tx.StmtContext\(ctx, ...\) instead`
	st.QueryRow(1)          // want `st.QueryRow cannot be cancelled`
}

// dbMethods: Begin's variant adds an options pointer, nil for defaults.
func dbMethods(ctx context.Context, db *sql.DB) {
	db.Prepare("SELECT 1") // want `db.Prepare cannot be cancelled: .*; call db.PrepareContext\(ctx, ...\) instead`
	db.Begin()             // want `db.Begin cannot be cancelled: .*; call db.BeginTx\(ctx, nil\) instead`
}

// handshake: tls.Conn.Handshake blocks on the peer.
func handshake(ctx context.Context, c *tls.Conn, d *tls.Dialer) {
	c.Handshake()        // want `c.Handshake cannot be cancelled: .*; call c.HandshakeContext\(ctx\) instead`
	d.Dial("tcp", "x:1") // want `d.Dial cannot be cancelled: .*; call d.DialContext\(ctx, ...\) instead`
}

// lookups: the package's lookups have their variant on DefaultResolver,
// Dial on a zero Dialer; the import's name is kept.
func lookups(ctx context.Context) {
	stdnet.LookupAddr("1.2.3.4") // want `stdnet.LookupAddr cannot be cancelled: .*; call stdnet.DefaultResolver.LookupAddr\(ctx, ...\) instead`
	stdnet.LookupMX("x")         // want `stdnet.LookupMX cannot be cancelled`
	stdnet.LookupTXT("x")        // want `stdnet.LookupTXT cannot be cancelled`
	stdnet.Dial("tcp", "x:1")    // want `stdnet.Dial cannot be cancelled: .*; call \(&stdnet.Dialer\{\}\).DialContext\(ctx, ...\) instead`
}

// OkLocal: a unix socket and a listener are local; their variants are not
// suggested.
func OkLocal(ctx context.Context) {
	stdnet.DialUnix("unix", nil, &stdnet.UnixAddr{Name: "/tmp/s", Net: "unix"})
	stdnet.ListenPacket("udp", ":0")
}

// OkVariantsUsed: the variants themselves.
func OkVariantsUsed(ctx context.Context, db *sql.DB, tx *sql.Tx, st *sql.Stmt, c *tls.Conn) {
	db.BeginTx(ctx, nil)
	tx.StmtContext(ctx, st)
	st.QueryContext(ctx, 1)
	c.HandshakeContext(ctx)
	stdnet.DefaultResolver.LookupHost(ctx, "x")
}

// OkNoContextInScope: nothing to pass.
func OkNoContextInScope(db *sql.DB, c *tls.Conn) {
	db.Begin()
	c.Handshake()
	stdnet.LookupMX("x")
}

// Options configures Store.BeginWith.
type Options struct{ ReadOnly bool }

// Store is user code with every shape of variant and of look-alike.
type Store struct{}

func (s *Store) Begin() (*Store, error)                                         { return s, nil }
func (s *Store) BeginWith(ctx context.Context, o *Options) (*Store, error)      { return s, nil }
func (s *Store) Open(name string) error                                         { return nil }
func (s *Store) OpenTx(ctx context.Context, name string, o *Options) error      { return nil }
func (s *Store) Put(key string) error                                           { return nil }
func (s *Store) PutContext(key string, ctx context.Context) error               { return nil }
func (s *Store) Drop(name string) error                                         { return nil }
func (s *Store) DropContext(ctx context.Context, name string, force bool) error { return nil }
func (s *Store) Sync() error                                                    { return nil }
func (s *Store) SyncAt(ctx context.Context, t *time.Time) error                 { return nil }
func (s *Store) Flush() error                                                   { return nil }
func (s *Store) FlushAll(ctx context.Context, o *Options) (int, error)          { return 0, nil }
func (s *Store) Load() error                                                    { return nil }
func (s *Store) Loader(ctx context.Context, o *Options) error                   { return nil }
func (s *Store) Get(key string) (string, error)                                 { return "", nil }

// optionsVariants: X<Word>(ctx, X's parameters, *Options) is a variant.
func optionsVariants(ctx context.Context, s *Store) {
	s.Begin()     // want `s.Begin cannot be cancelled: .*; call s.BeginWith\(ctx, nil\) instead`
	s.Open("db1") // want `s.Open cannot be cancelled: .*; call s.OpenTx\(ctx, ..., nil\) instead`
}

// OkNotVariants: a context that is not first (PutContext), other
// parameters (DropContext), a trailing pointer that is not the API's own
// options (SyncAt's *time.Time), other results (FlushAll), a name that
// only starts with X's letters (Loader), a package variable whose method
// takes no context (DefaultStore.Get): none is suggested.
func OkNotVariants(ctx context.Context, s *Store) {
	s.Put("k")
	s.Drop("t")
	s.Sync()
	s.Flush()
	s.Load()
	Get("k")
}

// DefaultStore serves the package-level Get.
var DefaultStore = &Store{}

// Get reads key from DefaultStore.
func Get(key string) (string, error) { return DefaultStore.Get(key) }

// Fetch has its variant on DefaultFetcher.
func Fetch(key string) (string, error) { return "", nil }

// Fetcher fetches.
type Fetcher struct{}

func (*Fetcher) Fetch(ctx context.Context, key string) (string, error) { return "", nil }

// DefaultFetcher serves the package-level Fetch.
var DefaultFetcher = &Fetcher{}

// Connect has a variant on a zero Connector, which outside std is not
// known to be usable.
func Connect(addr string) error { return nil }

// Connector connects.
type Connector struct{ pool []string }

func (*Connector) ConnectContext(ctx context.Context, addr string) error { return nil }

// packageVariable: a package function whose variant is a method of a
// package variable.
func packageVariable(ctx context.Context) {
	Fetch("k") // want `Fetch cannot be cancelled: .*; call DefaultFetcher.Fetch\(ctx, ...\) instead`
}

// OkZeroValueOutsideStd: (&Connector{}).ConnectContext is not suggested.
func OkZeroValueOutsideStd(ctx context.Context) {
	Connect("x:1")
}

// Future is a handle on queued work; Wait blocks until the work is done.
type Future struct{ done chan struct{} }

func (f Future) Wait() error { <-f.done; return nil }

func (f Future) WaitContext(ctx context.Context) error {
	select {
	case <-f.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Handle is a pointer-receiver handle.
type Handle struct{ done chan struct{} }

func (h *Handle) Wait() error { <-h.done; return nil }
func (h *Handle) WaitContext(ctx context.Context) error {
	select {
	case <-h.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type batch struct{ done chan struct{} }

// Queue runs jobs.
type Queue struct{}

func (q *Queue) Submit(ctx context.Context, job string) Future         { return Future{} }
func (q *Queue) SubmitAll(ctx context.Context, jobs []string) []*batch { return nil }
func (q *Queue) Start(ctx context.Context, job string) Handle          { return Handle{} }
func (q *Queue) Detached(job string) Future                            { return Future{} }

// OkWaitOnSubmitted: the work was submitted with ctx, so it ends with
// ctx; WaitContext would abandon only the wait (go-redis's blocking
// pipeliner waits, then recycles the batch).
func OkWaitOnSubmitted(ctx context.Context, q *Queue) error {
	f := q.Submit(ctx, "job")
	return f.Wait()
}

// OkWaitInPlace: a handle built in place around work submitted with ctx.
func OkWaitInPlace(ctx context.Context, q *Queue, jobs []string) {
	batches := q.SubmitAll(ctx, jobs)
	for i := range batches {
		(Future{done: batches[i].done}).Wait()
	}
}

// OkWaitPointer: the same through a pointer receiver.
func OkWaitPointer(ctx context.Context, q *Queue) {
	h := q.Start(ctx, "job")
	h.Wait()
}

// waitDetached: the work was started without ctx; the wait is unbounded.
func waitDetached(ctx context.Context, q *Queue) error {
	f := q.Detached("job")
	return f.Wait() // want `f.Wait cannot be cancelled: .*; call f.WaitContext\(ctx\) instead`
}

func waitPointerDetached(ctx context.Context, h *Handle) error {
	return h.Wait() // want `h.Wait cannot be cancelled`
}

// Waiter is a handle behind an interface.
type Waiter interface {
	Wait() error
	WaitContext(ctx context.Context) error
}

func startWaiter(ctx context.Context) Waiter { return nil }

func detachedWaiter() Waiter { return nil }

// OkWaitInterface: the handle was made with ctx, through an interface.
func OkWaitInterface(ctx context.Context) error {
	return startWaiter(ctx).Wait()
}

// waitInterfaceDetached: made without ctx.
func waitInterfaceDetached(ctx context.Context) error {
	return detachedWaiter().Wait() // want `detachedWaiter\(\).Wait cannot be cancelled`
}
