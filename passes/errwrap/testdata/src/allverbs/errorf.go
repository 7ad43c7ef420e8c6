// Package allverbs is checked with -errwrap.allverbs: every error operand
// formatted without %w is reported, whatever its origin.
package allverbs

import (
	"errors"
	"fmt"
	"log"
)

var ErrNotFound = errors.New("not found") // want ErrNotFound:`sentinel`

// Bug: %v hides err from errors.Is.
func errorfV(name string, err error) error {
	return fmt.Errorf("load %s: %v", name, err) // want `fmt.Errorf formats error operand err \(%v\) without %w`
}

// Bug: %s hides err too.
func errorfS(err error) error {
	return fmt.Errorf("load: %s", err) // want `error operand err \(%s\) without %w`
}

// Bug: %+v of a plain error prints the same as %w.
func errorfPlusV(err error) error {
	return fmt.Errorf("load: %+v", err) // want `error operand err \(%\+v\)`
}

// Bug: %q quotes the text; reported, but no fix (the message would change).
func errorfQ(err error) error {
	return fmt.Errorf("load: %q", err) // want `error operand err \(%q\)`
}

// Bug: err.Error() formatted with %s flattens it; the fix passes err itself.
func errorfErrorCall(err error) error {
	return fmt.Errorf("load: %s", err.Error()) // want `error operand err.Error\(\) \(%s\)`
}

// Bug: since Go 1.20 every error can be wrapped; one diagnostic names both.
func errorfTwo(a, b error) error {
	return fmt.Errorf("a: %v, b: %v", a, b) // want `error operands a \(%v\), b \(%v\)`
}

// Bug: a concrete error type loses its chain the same way.
func errorfConcrete(e *MyErr) error {
	return fmt.Errorf("op: %v", e) // want `error operand e \(%v\)`
}

// Bug: escapes in the literal do not confuse the fix.
func errorfEscapes(err error) error {
	return fmt.Errorf("tab\t\"quoted\" é: %v", err) // want `error operand err \(%v\)`
}

// Bug: a known sentinel next to an unknown error; both are wrapped.
func errorfKnownAndUnknown(b error) error {
	return fmt.Errorf("a: %v, b: %v", ErrNotFound, b) // want `fmt.Errorf formats ErrNotFound with %v, which hides ErrNotFound, and b with %v from errors.Is and errors.As`
}

// OK: already wraps.
func errorfW(err error) error { // want errorfW:`wraps`
	return fmt.Errorf("load: %w", err)
}

// OK: %w already used; the author chose what to wrap and what to print.
func errorfMixed(a, b error) error { // want errorfMixed:`wraps`
	return fmt.Errorf("a: %w, b: %v", a, b)
}

// OK: a value that is not an error.
func errorfNotError(name string, n int) error {
	return fmt.Errorf("load %s: %d items", name, n)
}

// OK: verbs with flags or width are deliberate formatting.
func errorfWidth(err error) error {
	return fmt.Errorf("load: %-20v|%#v", err, err)
}

// OK: the error is built only to be printed; its chain cannot matter.
func errorfPrinted(err error) {
	log.Println(fmt.Errorf("load: %v", err))
	fmt.Println(fmt.Errorf("load: %v", err).Error())
	panic(fmt.Errorf("load: %v", err))
}

// OK: an explicit argument index is not followed.
func errorfIndexed(err error) error {
	return fmt.Errorf("%[1]v: %[1]v", err)
}

// OK: nil is not an error to wrap.
func errorfNil() error {
	return fmt.Errorf("x: %v", nil)
}

// OK: a suppressed finding.
func errorfIgnored(err error) error {
	//leakvet:ignore errwrap the message is part of a stable API
	return fmt.Errorf("load: %v", err)
}

type MyErr struct{ Op string }

func (e *MyErr) Error() string { return e.Op }

// OK: Error methods build text, they do not propagate errors.
type wrapper struct{ err error }

func (w wrapper) Error() string { return fmt.Errorf("wrapper: %v", w.err).Error() }
func (w wrapper) Unwrap() error { return w.err }
