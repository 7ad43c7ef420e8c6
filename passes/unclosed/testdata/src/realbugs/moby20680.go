// Reconstruction of moby/moby#20680 ("Close resp body on plugin call
// error"): the plugin client returned the error read from a failed call
// without closing the response body, leaking a file descriptor per failed
// plugin call. Written from the description of the fix; not the project's
// code.
package realbugs

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

type pluginClient struct {
	http *http.Client
	base string
}

// Before: the error branch reads the body for the message and returns.
func (c *pluginClient) callBuggy(method string, payload []byte) (io.ReadCloser, error) {
	req, err := http.NewRequest(http.MethodPost, c.base+"/"+method, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req) // want `resp, the response from Do, is not closed on the path to the return at line 32`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("plugin %s: %s", method, msg)
	}
	return resp.Body, nil
}

// After: the body is closed once the message is read.
func (c *pluginClient) callFixed(method string, payload []byte) (io.ReadCloser, error) {
	req, err := http.NewRequest(http.MethodPost, c.base+"/"+method, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return nil, fmt.Errorf("plugin %s: %s", method, msg)
	}
	return resp.Body, nil
}
