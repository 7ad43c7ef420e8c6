// Reconstruction of InfluxCommunity/influxdb3-go#106 (fixes #102): the
// API call helper returned the error decoded from an HTTP error response
// without closing the response, whose body the caller never sees. Written
// from the description of the fix; not the project's code.
package realbugs

import (
	"errors"
	"net/http"
)

type apiClient struct{ hc *http.Client }

func httpError(resp *http.Response) error { // want httpError:`body: param0 borrows`
	if resp.StatusCode >= 300 {
		return errors.New(resp.Status)
	}
	return nil
}

// Before: on an HTTP error the response is dropped unclosed.
func (c *apiClient) makeCallBuggy(req *http.Request) (*http.Response, error) { // want makeCallBuggy:`body: result0 fresh`
	resp, err := c.hc.Do(req) // want `resp, the response from Do, is not closed on the path to the return at line 28`
	if err != nil {
		return nil, err
	}
	if err := httpError(resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// After: closed on the error path, handed to the caller otherwise.
func (c *apiClient) makeCallFixed(req *http.Request) (*http.Response, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if err := httpError(resp); err != nil {
		_ = resp.Body.Close()
		return nil, err
	}
	return resp, nil
}
