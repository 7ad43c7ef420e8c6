package realbugs

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"os/exec"
)

type registryClient struct {
	client *http.Client
	base   string
}

// distribution/distribution#3711 ("Use http.NewRequestWithContext for
// outgoing HTTP requests"): the client built its requests without the
// caller's context, so a cancelled pull kept downloading.
func (r *registryClient) blob(ctx context.Context, digest string) (io.ReadCloser, error) {
	req, err := http.NewRequest("GET", r.base+"/blobs/"+digest, nil) // want `http.NewRequest cannot be cancelled: it ignores ctx`
	if err != nil {
		return nil, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// The fix.
func (r *registryClient) blobFixedOk(ctx context.Context, digest string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", r.base+"/blobs/"+digest, nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// hooklift/gowsdl#162 ("Fix setting context on request"): the generated
// SOAP client called req.WithContext(ctx) and dropped the result;
// WithContext returns a copy, so the request sent is still the one
// without a context.
func (r *registryClient) call(ctx context.Context, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest("POST", r.base, body) // want `http.NewRequest cannot be cancelled: it ignores ctx`
	if err != nil {
		return nil, err
	}
	req.WithContext(ctx)
	return r.client.Do(req)
}

// The fix keeps the copy.
func (r *registryClient) callFixedOk(ctx context.Context, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest("POST", r.base, body)
	if err != nil {
		return nil, err
	}
	req = req.WithContext(ctx)
	return r.client.Do(req)
}

// smartcontractkit/chainlink-env#478 ("Pass context to exec command"):
// `kubectl logs --follow` never exits by itself, and without the context
// nothing could stop it.
func followLogs(ctx context.Context, pod string, out io.Writer) error {
	cmd := exec.Command("kubectl", "logs", "--follow", pod) // want `exec.Command cannot be cancelled: it ignores ctx`
	cmd.Stdout = out
	return cmd.Run()
}

// The fix.
func followLogsFixedOk(ctx context.Context, pod string, out io.Writer) error {
	cmd := exec.CommandContext(ctx, "kubectl", "logs", "--follow", pod)
	cmd.Stdout = out
	return cmd.Run()
}

type tenants struct{ db *sql.DB }

// minio/operator#404 ("pass HTTP request context to cancel DB queries"):
// a handler's query kept running after the client went away.
func (t *tenants) list(w http.ResponseWriter, r *http.Request) {
	rows, err := t.db.Query("SELECT name FROM tenants") // want `t.db.Query cannot be cancelled: it ignores r.Context\(\)`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

// The fix.
func (t *tenants) listFixedOk(w http.ResponseWriter, r *http.Request) {
	rows, err := t.db.QueryContext(r.Context(), "SELECT name FROM tenants")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

type sa struct{}

func (sa) finalizeOrder(context.Context, string) error { return nil }

// letsencrypt/boulder#8635 ("Use context.WithoutCancel instead of
// context.Background"): a call given a fresh Background context where the
// caller's context was at hand, dropping its deadline and trace values.
func finalize(ctx context.Context, s sa, id string) error {
	return s.finalizeOrder(context.Background(), id) // want `context.Background\(\) passed to s.finalizeOrder drops ctx`
}

// The fix: detach on purpose, keeping the values.
func finalizeFixedOk(ctx context.Context, s sa, id string) error {
	return s.finalizeOrder(context.WithoutCancel(ctx), id)
}

type workloadManager struct{}

func (workloadManager) list(context.Context) ([]string, error) { return nil, nil }

type apiServer struct{ manager workloadManager }

// stacklok/toolhive#3285 ("Remove unnecessary uses of
// context.Background()"): an HTTP handler listed workloads with a fresh
// context, so a client that went away left the listing running.
func (s *apiServer) listWorkloads(w http.ResponseWriter, r *http.Request) {
	names, err := s.manager.list(context.Background()) // want `context.Background\(\) passed to s.manager.list drops r.Context\(\)`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_ = names
}

// The fix.
func (s *apiServer) listWorkloadsFixedOk(w http.ResponseWriter, r *http.Request) {
	names, err := s.manager.list(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_ = names
}

// m3o/backend#478 ("Fix up context") went the other way: work that must
// outlive the request moved to a goroutine with a Background context.
// Detaching into a go statement is how correct code does that, so it is
// deliberately silent.
func (s *apiServer) refreshOk(w http.ResponseWriter, r *http.Request) {
	go s.manager.list(context.Background())
	w.WriteHeader(http.StatusAccepted)
}

type alert struct{}

type dbClient struct{}

func (dbClient) queryAlerts(context.Context) ([]alert, error) { return nil, nil }

type alertsController struct {
	ctx context.Context // the database client's lifetime
	db  dbClient
}

// crowdsecurity/crowdsec#3089 ("Pass request context to all database
// queries"): the handler passed the controller's long-lived context, kept
// in a struct field, so a cancelled request did not abandon its query.
// Deliberately silent: the analyzer reports fresh contexts and
// context-less APIs, not a choice between two real contexts; a context in
// a field may be exactly the one the work must run under.
func (c *alertsController) findAlerts(w http.ResponseWriter, r *http.Request) {
	alerts, err := c.db.queryAlerts(c.ctx)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_ = alerts
}
