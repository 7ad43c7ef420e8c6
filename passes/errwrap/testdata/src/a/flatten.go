package a

import (
	"errors"
	"fmt"
	"log"
)

// Bug: the text survives, the chain does not.
func newFromError(err error) error {
	return errors.New(err.Error()) // want `errors.New\(err.Error\(\)\) flattens err into text`
}

// Bug: Sprintf then errors.New is fmt.Errorf without %w; the fix rewrites it.
func newFromSprintf(name string, err error) error {
	return errors.New(fmt.Sprintf("load %s: %v", name, err)) // want `flattens err into text`
}

// Bug: concatenation flattens too.
func newFromConcat(err error) error {
	return errors.New("load: " + err.Error()) // want `flattens err into text`
}

// Bug: the error's text used as a format string.
func errorfFromError(err error) error {
	return fmt.Errorf(err.Error()) // want `fmt.Errorf with err.Error\(\) as its format drops the chain of err`
}

// Bug: the same with a prefix.
func errorfFromConcat(err error) error {
	return fmt.Errorf("load: " + err.Error()) // want `drops the chain of err`
}

// OK: a fresh error with no cause.
func newPlain(name string) error {
	return errors.New("no such item: " + name)
}

// OK: Sprintf of values that are not errors.
func newSprintfPlain(name string, n int) error {
	return errors.New(fmt.Sprintf("%s: %d", name, n))
}

// OK: built only to be logged.
func newLogged(err error) {
	log.Print(errors.New("load: " + err.Error()))
}
