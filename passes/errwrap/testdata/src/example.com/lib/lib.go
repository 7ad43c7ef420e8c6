// Package lib wraps its errors; client imports it.
package lib

import (
	"errors"
	"fmt"

	"example.com/lib/internal/ierr"
)

var ErrMissing = errors.New("lib: missing") // want ErrMissing:`sentinel\("lib: missing"\)`

func find(k string) error {
	if k == "" {
		return ErrMissing
	}
	return nil
}

// Get wraps what find returns.
func Get(k string) error { // want Get:`wraps\(wrapped by fmt.Errorf with %w at lib.go:23\)`
	if err := find(k); err != nil {
		return fmt.Errorf("get %q: %w", k, err)
	}
	return nil
}

// Plain returns ErrMissing as it is.
func Plain(k string) error { // want Plain:`returns\(example.com/lib.ErrMissing\)`
	return find(k)
}

// CodeError is an error type callers match with errors.As.
type CodeError struct{ Code int }

func (e *CodeError) Error() string { return "code error" }

// Code returns a *CodeError as it is.
func Code(n int) error { // want Code:`returns\(type \*example.com/lib.CodeError\)`
	if n != 0 {
		return &CodeError{Code: n}
	}
	return nil
}

var errInternal = errors.New("lib: internal")

// Internal returns an unexported sentinel: importers cannot match it.
func Internal() error {
	return errInternal
}

// Hidden returns the sentinel of an internal package as it is.
func Hidden() error { // want Hidden:`returns\(example.com/lib/internal/ierr.ErrHidden\)`
	return ierr.Fail()
}

// Bug: lib can import ierr, and match ierr.ErrHidden.
func Flatten() error {
	return fmt.Errorf("flatten: %v", ierr.Fail()) // want `which hides ierr.ErrHidden from ierr.Fail from errors.Is`
}
