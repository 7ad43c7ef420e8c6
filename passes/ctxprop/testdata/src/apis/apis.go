package apis

import (
	"context"
	"crypto/tls"
	"database/sql"
	"log/slog"
	"net"
	"net/http"
	"os/exec"
	"time"
)

// httpGet: the request cannot be cancelled.
func httpGet(ctx context.Context, url string) {
	http.Get(url) // want `http.Get cannot be cancelled: it ignores ctx, the context in scope, and keeps running after ctx is cancelled; build the request with http.NewRequestWithContext\(ctx, ...\)`
}

// clientPost: the same through a Client.
func clientPost(r *http.Request, c *http.Client) {
	c.Post("http://x", "text/plain", nil) // want `c.Post cannot be cancelled: it ignores r.Context\(\)`
}

// newRequest: NewRequestWithContext is the variant.
func newRequest(ctx context.Context) (*http.Request, error) {
	return http.NewRequest("GET", "http://x", nil) // want `http.NewRequest cannot be cancelled: .*; call http.NewRequestWithContext\(ctx, ...\) instead`
}

// query: database/sql methods on DB, Tx, Stmt.
func query(ctx context.Context, db *sql.DB, tx *sql.Tx, st *sql.Stmt) {
	db.Query("SELECT 1")       // want `db.Query cannot be cancelled: .*; call db.QueryContext\(ctx, ...\) instead`
	db.QueryRow("SELECT ?", 1) // want `db.QueryRow cannot be cancelled`
	tx.Exec("DELETE")          // want `tx.Exec cannot be cancelled`
	st.Exec()                  // want `st.Exec cannot be cancelled`
	db.Ping()                  // want `db.Ping cannot be cancelled`
	db.Begin()                 // want `db.Begin cannot be cancelled: .*; call db.BeginTx\(ctx, nil\) instead`
}

// command: the process is not killed when ctx is cancelled.
func command(ctx context.Context, args []string) {
	exec.Command("ls", args...).Run() // want `exec.Command cannot be cancelled`
}

// dial: net package functions and their Dialer/Resolver forms.
func dial(ctx context.Context) {
	net.Dial("tcp", "x:1")                     // want `net.Dial cannot be cancelled: .*; call \(&net.Dialer\{\}\).DialContext\(ctx, ...\) instead`
	net.DialTimeout("tcp", "x:1", time.Second) // want `net.DialTimeout cannot be cancelled`
	net.LookupHost("x")                        // want `net.LookupHost cannot be cancelled: .*; call net.DefaultResolver.LookupHost\(ctx, ...\) instead`
	net.LookupIP("x")                          // want `net.LookupIP cannot be cancelled`
	tls.Dial("tcp", "x:1", nil)                // want `tls.Dial cannot be cancelled`
	var d net.Dialer
	d.Dial("tcp", "x:1") // want `d.Dial cannot be cancelled: .*; call d.DialContext\(ctx, ...\) instead`
}

// Client is user code with a context variant.
type Client struct{}

func (c *Client) Fetch(key string) (string, error)                             { return "", nil }
func (c *Client) FetchContext(ctx context.Context, key string) (string, error) { return "", nil }
func (c *Client) Send(key string) error                                        { return nil }
func (c *Client) SendCtx(ctx context.Context, key string) error                { return nil }
func (c *Client) Close() error                                                 { return nil }
func (c *Client) CloseContext(ctx context.Context, force bool) error           { return nil }

func Load(name string) error                                 { return nil }
func LoadWithContext(ctx context.Context, name string) error { return nil }

// userCode: the package and the type declare variants.
func userCode(ctx context.Context, c *Client) {
	c.Fetch("k") // want `c.Fetch cannot be cancelled: .*; call c.FetchContext\(ctx, ...\) instead`
	c.Send("k")  // want `c.Send cannot be cancelled`
	Load("x")    // want `Load cannot be cancelled: .*; call LoadWithContext\(ctx, ...\) instead`
}

// Fetcher is an interface with a variant.
type Fetcher interface {
	Fetch(key string) (string, error)
	FetchContext(ctx context.Context, key string) (string, error)
}

func viaInterface(ctx context.Context, f Fetcher) {
	f.Fetch("k") // want `f.Fetch cannot be cancelled`
}

// OkDifferentShape: CloseContext takes other parameters; it is a
// different API, not a variant of Close.
func OkDifferentShape(ctx context.Context, c *Client) {
	c.Close()
}

// OkSlog: slog's context variants carry values, not cancellation.
func OkSlog(ctx context.Context, l *slog.Logger) {
	l.Info("hello")
	slog.Info("hello")
}

// OkNoContext: nothing in scope to pass.
func OkNoContext(db *sql.DB) {
	db.Query("SELECT 1")
	http.Get("http://x")
}

// OkDeferred: cleanup in a defer runs even after cancellation.
func OkDeferred(ctx context.Context, db *sql.DB) {
	defer db.Exec("UNLOCK")
	db.QueryContext(ctx, "SELECT 1")
}

// OkGo: detached work.
func OkGo(ctx context.Context, url string) {
	go http.Get(url)
}

// OkAfterDone: once ctx is done there is nothing to propagate.
func OkAfterDone(ctx context.Context, db *sql.DB) {
	<-ctx.Done()
	db.Exec("UPDATE jobs SET state = 'cancelled'")
}

// Wrapped embeds *sql.DB and wraps Query but not QueryContext: the
// promoted QueryContext would bypass the wrapper, so it is no variant.
type Wrapped struct{ *sql.DB }

func (w *Wrapped) Query(q string, args ...any) (*sql.Rows, error) { return w.DB.Query(q, args...) }

func OkPromoted(ctx context.Context, w *Wrapped) {
	w.Query("SELECT 1")
}

func Run(name string) error { return nil }

// RunContext is written with Run, then watches ctx itself: that is how the
// variant is built, not a forgotten context.
func RunContext(ctx context.Context, name string) error {
	err := Run(name)
	<-ctx.Done()
	return err
}

// OkRecontexted: NewRequest followed by WithContext is the older spelling
// of NewRequestWithContext.
func OkRecontexted(ctx context.Context, c *http.Client) error {
	req, err := http.NewRequest("GET", "http://x", nil)
	if err != nil {
		return err
	}
	req = req.WithContext(ctx)
	_, err = c.Do(req)
	return err
}

// OkListen: binding a port does not wait on anything a context bounds.
func OkListen(ctx context.Context) {
	net.Listen("tcp", ":0")
	net.LookupPort("tcp", "http")
}

func runContext(ctx context.Context, cmd *exec.Cmd) error { return cmd.Run() }

// OkHandedWithContext: the command is run by a helper that applies ctx.
func OkHandedWithContext(ctx context.Context) error {
	cmd := exec.Command("go", "version")
	return runContext(ctx, cmd)
}

type Option func()

type S3 struct{}

func (S3) GetObject(key string) error                                                 { return nil }
func (S3) GetObjectWithContext(ctx context.Context, key string, opts ...Option) error { return nil }

// optionsVariant: a variant with trailing options is still a variant.
func optionsVariant(ctx context.Context, s S3) error {
	return s.GetObject("k") // want `s.GetObject cannot be cancelled: .*; call s.GetObjectWithContext\(ctx, ...\) instead`
}

// OkDaemonCommand: the command is handed back to be started as a daemon;
// exec.CommandContext would kill it when ctx, the request that asked for
// it, is done.
func OkDaemonCommand(ctx context.Context, self string) (*exec.Cmd, error) {
	cmd := exec.Command(self, "-daemon")
	cmd.Dir = "/"
	return cmd, nil
}

// commandOutput: run to completion here, so ctx should be able to stop it.
func commandOutput(ctx context.Context) ([]byte, error) {
	return exec.Command("mkfs", "/dev/x").CombinedOutput() // want `exec.Command cannot be cancelled`
}
