// Package helperlib has the helpers another package calls: their effect on
// the resource crosses the package boundary as a fact.
package helperlib

import (
	"database/sql"
	"io"
	"net/http"
)

// DrainAndClose reads the rest of the body and closes it.
func DrainAndClose(resp *http.Response) { // want DrainAndClose:`body: param0 releases`
	if resp == nil {
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// Status only reads the response.
func Status(resp *http.Response) string { // want Status:`body: param0 borrows`
	return resp.Status
}

// CloseRows closes rows.
func CloseRows(rows *sql.Rows) { // want CloseRows:`rows: param0 releases`
	_ = rows.Close()
}

// Client wraps an *http.Client; Do hands out responses to close.
type Client struct{ HTTP *http.Client }

func (c *Client) Do(req *http.Request) (*http.Response, error) { // want Do:`body: result0 fresh`
	return c.HTTP.Do(req)
}

// Keep stores the response: the caller no longer owns it.
var kept []*http.Response

func Keep(resp *http.Response) {
	kept = append(kept, resp)
}
