package a

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"testing"
)

// What errwrap knows of a standard library function its precise table
// does not list comes from the function's documentation (the generated
// stderrdoc_go1.N.go), resolved with go/types.

// Bug: json.Unmarshal is documented to return *json.UnmarshalTypeError and
// *json.SyntaxError, which callers match with errors.As.
func docUnmarshal(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode config: %v", err) // want `fmt.Errorf formats err with %v, which hides the \*json.UnmarshalTypeError or \*json.SyntaxError or ... from json.Unmarshal from errors.Is and errors.As; use %w`
	}
	return nil
}

// OK: the function already looked for what mattered to it.
func docUnmarshalChecked(data []byte, v any) error { // want docUnmarshalChecked:`wraps`
	if err := json.Unmarshal(data, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("decode config at offset %d: %v", se.Offset, err)
		}
		return fmt.Errorf("decode config: %w", err)
	}
	return nil
}

// Bug: ReadSlice is documented to fail with bufio.ErrBufferFull.
func docReadSlice(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read header: %v", err) // want `fmt.Errorf formats err with %v, which hides bufio.ErrBufferFull from \(bufio.Reader\).ReadSlice from errors.Is and errors.As; use %w`
	}
	return line, nil
}

// OK: package hex exports error types (hex.InvalidByteError, hex.ErrLength),
// but DecodeString's documentation names none of them: a package's other
// errors are no evidence about one of its functions.
func docHex(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("bad key: %v", err)
	}
	return b, nil
}

// Sentinels the standard library documents as returned wrapped are
// missed by == whatever the error's origin.

// Bug: a deadline fails reads with an error that wraps
// os.ErrDeadlineExceeded, whatever the connection.
func docDeadline(c net.Conn, buf []byte) bool {
	_, err := c.Read(buf)
	return err == os.ErrDeadlineExceeded // want `err == os.ErrDeadlineExceeded misses a wrapped os.ErrDeadlineExceeded: err may hold an error that wraps os.ErrDeadlineExceeded: the standard library documents it is returned wrapped; use errors.Is\(err, os.ErrDeadlineExceeded\)`
}

// Bug: a parameter, compared with a sentinel of io/fs.
func docNotExist(err error) bool {
	return err != nil && err != fs.ErrNotExist // want `err != fs.ErrNotExist misses a wrapped fs.ErrNotExist`
}

// Bug: an expression switch.
func docSwitch(err error) string {
	switch err { // want `switch on err compares it with == and misses a wrapped fs.ErrExist or fs.ErrPermission`
	case nil:
		return "ok"
	case fs.ErrExist:
		return "exists"
	case fs.ErrPermission:
		return "denied"
	}
	return "?"
}

// OK: errors.Is.
func docDeadlineIs(c net.Conn, buf []byte) bool {
	_, err := c.Read(buf)
	return errors.Is(err, os.ErrDeadlineExceeded)
}

// OK: io.EOF from Read is documented returned unwrapped.
func docEOF(c net.Conn, buf []byte) bool {
	_, err := c.Read(buf)
	return err == io.EOF
}

// OK: comparison with nil.
func docNil(err error) bool {
	return err == nil
}

// OK: the Is method of an error type compares one level of the chain.
type missing struct{ name string }

func (m *missing) Error() string { return m.name + ": missing" }
func (m *missing) Is(target error) bool {
	return target == fs.ErrNotExist
}

// OK: an errors.Is of its own, walking the chain.
func isNotExist(err error) bool {
	for err != nil {
		if err == fs.ErrNotExist {
			return true
		}
		err = errors.Unwrap(err)
	}
	return false
}

// OK: an error the code made itself and never wrapped.
func docSelfMade(dir bool) bool {
	err := fs.ErrNotExist
	if dir {
		err = fs.ErrExist
	}
	return err == fs.ErrNotExist
}

// OK: unwrapped by a helper of this package.
func underlying(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func docUnderlying(err error) bool {
	return underlying(err) == fs.ErrNotExist
}

// OK: a test helper pins the exact error, as a test does.
func checkMissing(t *testing.T, err error) {
	if err != fs.ErrNotExist {
		t.Errorf("got %v, want fs.ErrNotExist", err)
	}
}

// OK: a package's own unexported sentinel, returned bare.
var errLocked = errors.New("busy")

func tryHold(held bool) error {
	if held {
		return errLocked
	}
	return nil
}

func docOwnSentinel(held bool) bool {
	return tryHold(held) == errLocked
}

// A type assertion of an error to an interface tests what the outermost
// error implements, and misses the same error wrapped with %w.

// Bug: net.Error.
func docNetError(err error) bool {
	if ne, ok := err.(net.Error); ok && ne.Timeout() { // want `type assertion err.\(net.Error\) misses an error implementing net.Error wrapped inside err: err may hold an error wrapped on its way here \(fmt.Errorf with %w\), which an assertion does not look through; use errors.As\(err, &target\)`
		return true
	}
	return false
}

// Bug: an interface of the code's own, checking a behaviour.
type temporary interface{ Temporary() bool }

func docTemporary(c net.Conn, buf []byte) bool {
	_, err := c.Read(buf)
	t, ok := err.(temporary) // want `type assertion err.\(temporary\) misses an error implementing temporary wrapped inside err`
	return ok && t.Temporary()
}

// Bug: a type switch with an interface case.
func docTypeSwitch(err error) string {
	switch e := err.(type) { // want `type switch on err misses errors wrapped inside it \(case net.Error\)`
	case *fs.PathError:
		return e.Path
	case net.Error:
		return "net"
	}
	return ""
}

// OK: errors.As.
func docNetErrorAs(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// OK: an assertion about the chain itself.
func docJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return nil
}

// OK: the Timeout method of an error type looks at one level.
type opTimeout struct{ err error }

func (e opTimeout) Error() string { return e.err.Error() }
func (e opTimeout) Timeout() bool {
	t, ok := e.err.(interface{ Timeout() bool })
	return ok && t.Timeout()
}

// OK: an error the code made itself.
type busyErr struct{}

func (busyErr) Error() string { return "busy" }

func docSelfMadeAssert() bool {
	var err error = busyErr{}
	_, ok := err.(temporary)
	return ok
}

// OK: an errors.As of its own, walking the chain.
func asTemporary(err error) (temporary, bool) {
	for err != nil {
		if t, ok := err.(temporary); ok {
			return t, true
		}
		err = errors.Unwrap(err)
	}
	return nil, false
}

// OK: the package that declares an error interface knows how its own
// code returns it.
type Coded interface {
	error
	Code() int
}

func docOwnInterface(err error) int {
	if c, ok := err.(Coded); ok {
		return c.Code()
	}
	return 0
}

// OK: a fast path for the error as it is, then errors.As for one wrapped.
type coder interface{ ErrorCode() int }

func docFastPathAs(err error) int {
	if c, ok := err.(coder); ok {
		return c.ErrorCode()
	}
	var c coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return -1
}

// OK: the same with a sentinel and errors.Is.
func docFastPathIs(err error) bool {
	if err == fs.ErrNotExist {
		return true
	}
	return errors.Is(err, fs.ErrNotExist)
}

// OK: the package tests for an error kind of its own, which it returns as
// it is (as it would compare with a sentinel of its own).
type staleConnError struct{}

func (staleConnError) Error() string     { return "stale connection" }
func (staleConnError) isStaleConnError() {}

func isStaleConn(err error) bool {
	_, ok := err.(interface{ isStaleConnError() })
	return ok
}

// OK: json.Marshal fails only on values it cannot encode (a channel, a
// func, NaN): a bug to fix, not an error a caller tells apart.
func encodeConfig(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode config: %v", err)
	}
	return b, nil
}
