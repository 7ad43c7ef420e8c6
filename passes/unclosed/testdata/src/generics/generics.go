package generics

import (
	"encoding/json"
	"io"
	"net/http"
)

// A generic decoder that never closes the body.
func getJSON[T any](c *http.Client, url string) (T, error) {
	var v T
	resp, err := c.Get(url) // want `resp, the response from c.Get, is not closed on the path to the return at line 17`
	if err != nil {
		return v, err
	}
	err = json.NewDecoder(resp.Body).Decode(&v)
	return v, err
}

// The same, closing it: fine.
func getJSONClosed[T any](c *http.Client, url string) (T, error) {
	var v T
	resp, err := c.Get(url)
	if err != nil {
		return v, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&v)
	return v, err
}

// A generic closer helper.
func closeIt[C io.Closer](c C) { // want closeIt:`body: param0 releases; rows: param0 releases; stmt: param0 releases; conn: param0 releases; tx: param0 borrows`
	c.Close()
}

func viaGenericCloser(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer closeIt(resp.Body)
	return nil
}
