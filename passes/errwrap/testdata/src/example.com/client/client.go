package client

import (
	"errors"
	"fmt"
	"strings"

	"example.com/lib"
)

// Bug: lib.Get wraps ErrMissing: known from lib's fact.
func clientWrapped() bool {
	err := lib.Get("k")
	return err == lib.ErrMissing // want `err == lib.ErrMissing misses a wrapped lib.ErrMissing: err may come from lib.Get, which returns errors wrapped by fmt.Errorf with %w at lib.go:23`
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

// Bug: lib.Plain returns lib.ErrMissing (known from lib's fact); %v hides it.
func clientFormatPlain(k string) error {
	if err := lib.Plain(k); err != nil {
		return fmt.Errorf("plain %s: %v", k, err) // want `fmt.Errorf formats err with %v, which hides lib.ErrMissing from lib.Plain from errors.Is and errors.As; use %w`
	}
	return nil
}

// Bug: lib.Get wraps lib.ErrMissing; %v hides it.
func clientFormatWrapped(k string) error {
	if err := lib.Get(k); err != nil {
		return fmt.Errorf("get %s: %v", k, err) // want `which hides lib.ErrMissing \(wrapped in the error from lib.Get\) from errors.Is`
	}
	return nil
}

// Bug: an exported error type of lib.
func clientFormatType() error {
	if err := lib.Code(3); err != nil {
		return fmt.Errorf("code: %v", err) // want `which hides the \*lib.CodeError from lib.Code from errors.Is`
	}
	return nil
}

// OK: lib.Internal returns a sentinel no importer can match.
func clientFormatInternal() error {
	return fmt.Errorf("internal: %v", lib.Internal())
}

// OK: lib.Hidden returns the sentinel of lib's internal package, which
// client cannot import, so cannot match.
func clientFormatHidden() error {
	return fmt.Errorf("hidden: %v", lib.Hidden())
}

func plainVia(k string) error { return lib.Plain(k) }

// OK: lib.ErrMissing comes from a call further down (plainVia calls
// lib.Plain): one of many ways plainVia can fail.
func clientFormatDeep() error {
	return fmt.Errorf("via: %v", plainVia("k"))
}

// Bug: lib.Plain returns lib.ErrMissing (known from lib's fact); its text
// rebuilt with errors.New hides it.
func clientFlattenSentinel(k string) error {
	if err := lib.Plain(k); err != nil {
		return errors.New("plain " + k + ": " + err.Error()) // want `errors.New\(.*\) flattens err into text, which hides lib.ErrMissing from lib.Plain from errors.Is and errors.As`
	}
	return nil
}

// Bug: an exported error type of lib, flattened by a format.
func clientFlattenType() error {
	if err := lib.Code(3); err != nil {
		return fmt.Errorf("code: " + err.Error()) // want `drops the chain of err, which hides the \*lib.CodeError from lib.Code`
	}
	return nil
}

// OK: lib.Internal returns a sentinel no importer can match.
func clientFlattenInternal() error {
	return errors.New("internal: " + lib.Internal().Error())
}

// OK: lib.Hidden returns the sentinel of lib's internal package, which
// client cannot import, so cannot match.
func clientFlattenHidden() error {
	return errors.New(fmt.Sprintf("hidden: %v", lib.Hidden()))
}
