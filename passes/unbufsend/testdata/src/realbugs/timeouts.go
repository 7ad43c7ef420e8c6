// Package realbugs reconstructs published goroutine leaks (and their fixes)
// from real projects: the bug as it shipped, next to the fix that closed
// it. Every buggy case that unbufsend can decide precisely carries a want
// comment; a buggy case without one says why the analysis stays silent.
package realbugs

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Timeouts: the sender outlives a select that gave up on time.After or a
// context.

type object struct{}

var errTimeout = errors.New("timeout")

// kubernetes5316FinishRequest: Kubernetes PR #5316 (the apiserver's
// finishRequest; GoBench/goker blocking/kubernetes/5316). The handler runs
// fn in a goroutine and waits for its result, its error or the timeout;
// after the timeout nobody receives and the goroutine blocks forever on
// whichever channel it sends on.
func kubernetes5316FinishRequest(timeout time.Duration, fn func() (*object, error)) (*object, error) {
	ch := make(chan *object)
	errCh := make(chan error)
	go func() {
		if result, err := fn(); err != nil {
			errCh <- err // want `goroutine leaks: send on unbuffered channel errCh blocks forever once the select at line [0-9]+ returns on time.After; give errCh a buffer of 1`
		} else {
			ch <- result // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on time.After; give ch a buffer of 1`
		}
	}()
	select {
	case result := <-ch:
		return result, nil
	case err := <-errCh:
		return nil, err
	case <-time.After(timeout):
		return nil, errTimeout
	}
}

// kubernetes5316FinishRequestFixed: the fix gives both channels a buffer
// of 1, so the goroutine's one send always completes.
func kubernetes5316FinishRequestFixed(timeout time.Duration, fn func() (*object, error)) (*object, error) {
	ch := make(chan *object, 1)
	errCh := make(chan error, 1)
	go func() {
		if result, err := fn(); err != nil {
			errCh <- err
		} else {
			ch <- result
		}
	}()
	select {
	case result := <-ch:
		return result, nil
	case err := <-errCh:
		return nil, err
	case <-time.After(timeout):
		return nil, errTimeout
	}
}

// asplosFigure1FinishReq: "Understanding Real-World Concurrency Bugs in
// Go" (ASPLOS'19), Figure 1, a Kubernetes blocking bug: the paper's
// reduced form of the same leak, with one result channel.
func asplosFigure1FinishReq(timeout time.Duration, fn func() *object) *object {
	ch := make(chan *object)
	go func() {
		result := fn()
		ch <- result // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on time.After; give ch a buffer of 1`
	}()
	select {
	case result := <-ch:
		return result
	case <-time.After(timeout):
		return nil
	}
}

// asplosFigure1FinishReqFixed: the paper's patch, make(chan ob, 1).
func asplosFigure1FinishReqFixed(timeout time.Duration, fn func() *object) *object {
	ch := make(chan *object, 1)
	go func() {
		result := fn()
		ch <- result
	}()
	select {
	case result := <-ch:
		return result
	case <-time.After(timeout):
		return nil
	}
}

type requestRes struct {
	resp *http.Response
	err  error
}

type backend struct{ client *http.Client }

// carbonapiBackendDo: bookingcom/carbonapi PR #193. The request runs in a
// goroutine; once ctx is cancelled the caller returns, and the
// goroutine's send (after client.Do itself returned context.Canceled)
// has no receiver.
func (b backend) carbonapiBackendDo(ctx context.Context, req *http.Request) (*http.Response, error) {
	ch := make(chan requestRes)
	go func() {
		resp, err := b.client.Do(req)
		ch <- requestRes{resp: resp, err: err} // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on ctx.Done\(\); give ch a buffer of 1`
	}()
	select {
	case res := <-ch:
		return res.resp, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// carbonapiBackendDoFixed: the fix lets the sender give up on the same
// context.
func (b backend) carbonapiBackendDoFixed(ctx context.Context, req *http.Request) (*http.Response, error) {
	ch := make(chan requestRes)
	go func() {
		resp, err := b.client.Do(req)
		select {
		case ch <- requestRes{resp: resp, err: err}:
		case <-ctx.Done():
		}
	}()
	select {
	case res := <-ch:
		return res.resp, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type recorder struct{ resp *http.Response }

func serve(h http.Handler, r *http.Request) *recorder { return &recorder{} }

// erigonHTTPReqRespDo: erigon issue #16665 (cl/sentinel/httpreqresp). The
// caller waits on the request's own context, r.Context().Done().
func erigonHTTPReqRespDo(handler http.Handler, r *http.Request) (*http.Response, error) {
	ans := make(chan *http.Response)
	go func() {
		res := serve(handler, r)
		ans <- res.resp // want `goroutine leaks: send on unbuffered channel ans blocks forever once the select at line [0-9]+ returns on r.Context\(\).Done\(\); give ans a buffer of 1`
	}()
	select {
	case res := <-ans:
		return res, nil
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}

// erigonHTTPReqRespDoFixed: the recommended fix, a buffer of 1.
func erigonHTTPReqRespDoFixed(handler http.Handler, r *http.Request) (*http.Response, error) {
	ans := make(chan *http.Response, 1)
	go func() {
		res := serve(handler, r)
		ans <- res.resp
	}()
	select {
	case res := <-ans:
		return res, nil
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}
