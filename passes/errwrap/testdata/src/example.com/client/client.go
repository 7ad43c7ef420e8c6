package client

import (
	"strings"

	"example.com/lib"
)

// Bug: lib.Get wraps ErrMissing: known from lib's fact.
func clientWrapped() bool {
	err := lib.Get("k")
	return err == lib.ErrMissing // want `err == lib.ErrMissing misses a wrapped lib.ErrMissing: err may come from lib.Get, which returns errors wrapped by fmt.Errorf with %w at lib.go:21`
}

// OK: lib.Plain returns it as it is.
func clientPlain() bool {
	err := lib.Plain("k")
	return err == lib.ErrMissing
}

// Bug: the text of an imported sentinel, known from lib's fact.
func clientText(err error) bool {
	return strings.HasSuffix(err.Error(), "lib: missing") // want `the message of lib.ErrMissing`
}
