package bodies

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
)

// The body is closed only after the status check returns.
func statusBeforeClose(url string) error {
	resp, err := http.Get(url) // want `resp, the response from http.Get, is not closed on the path to the return at line 19`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	defer resp.Body.Close()
	return nil
}

// Closed right after the error check: fine.
func deferAfterCheck(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

// Never closed at all.
func neverClosed(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req) // want `resp, the response from c.Do, is not closed on the path to the return at line 44`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// Discarded: nobody can close it.
func discarded(url string) {
	http.Head(url) // want `the response returned by http.Head is discarded and never closed`
}

// Drained and closed: fine.
func drained(url string) error {
	resp, err := http.Post(url, "text/plain", nil)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return nil
}

// A helper of this package that drains and closes.
func drainAndClose(resp *http.Response) { // want drainAndClose:`body: param0 releases`
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func viaHelper(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	drainAndClose(resp)
	return nil
}

// A helper that closes whatever closer it is given.
func closeQuietly(c io.Closer) { // want closeQuietly:`body: param0 releases; rows: param0 releases; stmt: param0 releases; conn: param0 releases; tx: param0 borrows`
	if c != nil {
		_ = c.Close()
	}
}

func viaCloser(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer closeQuietly(resp.Body)
	return json.NewDecoder(resp.Body).Decode(new(int))
}

// A helper that closes only on failure: the caller cannot rely on it.
func checkStatus(resp *http.Response) error {
	if resp.StatusCode >= 400 {
		resp.Body.Close()
		return errors.New("bad status")
	}
	return nil
}

func conditionalHelper(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	if err := checkStatus(resp); err != nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}

// A helper that only reads: the caller still owns the body.
func readJSON(resp *http.Response, v any) error { // want readJSON:`body: param0 borrows`
	return json.NewDecoder(resp.Body).Decode(v)
}

func readOnlyHelper(url string, v any) error {
	resp, err := http.Get(url) // want `resp, the response from http.Get, is not closed on the path to the return at line 125`
	if err != nil {
		return err
	}
	return readJSON(resp, v)
}

// Returned to the caller: the caller closes it.
func fetch(c *http.Client, url string) (*http.Response, error) { // want fetch:`body: result0 fresh`
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// The caller of a function that returns a fresh response must close it.
func callerOfFetch(c *http.Client) error {
	resp, err := fetch(c, "http://x") // want `resp, the response from fetch, is not closed on the path to the return at line 144`
	if err != nil {
		return err
	}
	fmt.Println(resp.StatusCode)
	return nil
}

func callerOfFetchCloses(c *http.Client) error {
	resp, err := fetch(c, "http://x")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	fmt.Println(resp.StatusCode)
	return nil
}

// Stored in a struct: someone else closes it.
type holder struct{ resp *http.Response }

func stored(h *holder, url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	h.resp = resp
	return nil
}

// Sent on a channel.
func sent(url string, out chan<- *http.Response) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	out <- resp
}

// The body handed to a goroutine that closes it.
func goroutine(url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	go func() {
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
	}()
}

// A deferred closure closes it.
func deferredClosure(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := resp.Body.Close(); cerr != nil {
			log.Print(cerr)
		}
	}()
	return nil
}

// The deferred closure registered before the call sees the variable.
func deferredBefore(url string) (err error) {
	var resp *http.Response
	defer func() {
		if resp != nil {
			resp.Body.Close()
		}
	}()
	resp, err = http.Get(url)
	if err != nil {
		return err
	}
	return nil
}

// A loop that never closes: every iteration leaks a connection.
func loop(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp, the response from http.Get, is not closed before the loop comes back to line 222`
		if err != nil {
			continue
		}
		fmt.Println(resp.Status)
	}
}

// Closed at the end of every iteration: fine.
func loopCloses(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		resp.Body.Close()
	}
}

// A nil check on the response itself.
func nilCheck(c *http.Client, req *http.Request) {
	resp, _ := c.Do(req)
	if resp == nil {
		return
	}
	defer resp.Body.Close()
}

// The error handed to a helper before any check: which branch holds the
// response is unclear, so this stays silent.
func opaqueErr(url string) error {
	resp, err := http.Get(url)
	if failed(err) {
		return err
	}
	defer resp.Body.Close()
	return nil
}

func failed(err error) bool { return err != nil }

// log.Fatal ends the program.
func fatal(url string) {
	resp, err := http.Get(url)
	if err != nil {
		log.Fatal(err)
	}
	if resp.StatusCode != 200 {
		log.Fatalf("status %d", resp.StatusCode)
	}
	resp.Body.Close()
}

// Retries: a failed attempt has no body; the last one is closed.
func retry(c *http.Client, req *http.Request) error {
	var resp *http.Response
	var err error
	for i := 0; i < 3; i++ {
		resp, err = c.Do(req)
		if err == nil {
			break
		}
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}

// A Doer interface in front of the client.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

func viaDoer(d Doer, req *http.Request) (int, error) {
	resp, err := d.Do(req) // want `resp, the response from d.Do, is not closed on the path to the return at line 302`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// The body replaced by a wrapper that is returned: out of sight.
func wrapped(url string) (io.ReadCloser, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// A round tripper that passes the response on.
type logging struct{ next http.RoundTripper }

func (l logging) RoundTrip(req *http.Request) (*http.Response, error) { // want RoundTrip:`body: result0 fresh`
	resp, err := l.next.RoundTrip(req)
	log.Print(req.URL, err)
	return resp, err
}

// The body kept in a variable and closed through it: fine.
func bodyVariable(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	body := resp.Body
	defer body.Close()
	_, err = io.ReadAll(body)
	return err
}

// A recorder's response needs no closing: it is not an acquisition.
func recorded(h http.Handler, req *http.Request) int {
	rec := newRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result().StatusCode
}

type recorder struct{ http.ResponseWriter }

func newRecorder() *recorder { return &recorder{} }

func (r *recorder) Result() *http.Response { return &http.Response{} }

// Closed on both branches of a status check: fine.
func bothBranches(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return string(b), err
}

// The short-circuit check: on a non-200 status the body leaks.
func shortCircuit(url string) error {
	resp, err := http.Get(url) // want `resp, the response from http.Get, is not closed on the path to the return at line 367`
	if err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("get %s: %v", url, err)
	}
	return resp.Body.Close()
}

// A generic client constrained to Do.
type doer interface {
	Do(*http.Request) (*http.Response, error)
}

func viaGenericDoer[D doer](d D, req *http.Request) error {
	resp, err := d.Do(req) // want `resp, the response from d.Do, is not closed on the path to the return at line 383`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New("status")
	}
	return resp.Body.Close()
}
