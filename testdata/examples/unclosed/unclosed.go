// Package unclosed shows a response body that is not closed when the
// status check fails: every failed call keeps a connection out of the pool.
package unclosed

import (
	"fmt"
	"io"
	"net/http"
)

// Fetch returns the body of url.
func Fetch(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get %s: %s", url, resp.Status)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
