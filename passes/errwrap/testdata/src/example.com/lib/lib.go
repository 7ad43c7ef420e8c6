// Package lib wraps its errors; client imports it.
package lib

import (
	"errors"
	"fmt"
)

var ErrMissing = errors.New("lib: missing") // want ErrMissing:`sentinel\("lib: missing"\)`

func find(k string) error {
	if k == "" {
		return ErrMissing
	}
	return nil
}

// Get wraps what find returns.
func Get(k string) error { // want Get:`wraps\(wrapped by fmt.Errorf with %w at lib.go:21\)`
	if err := find(k); err != nil {
		return fmt.Errorf("get %q: %w", k, err)
	}
	return nil
}

// Plain returns ErrMissing as it is.
func Plain(k string) error {
	return find(k)
}
