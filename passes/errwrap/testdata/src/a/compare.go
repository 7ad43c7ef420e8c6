package a

import (
	"errors"
	"fmt"
	"io"
)

var ErrGone = errors.New("gone") // want ErrGone:`sentinel`

func fetch(id int) (string, error) { // want fetch:`wraps`
	if id < 0 {
		return "", ErrGone
	}
	if err := lookup(id); err != nil {
		return "", fmt.Errorf("fetch %d: %w", id, err)
	}
	return "ok", nil
}

func lookup(id int) error {
	if id == 0 {
		return ErrGone
	}
	return nil
}

// Bug: fetch wraps what lookup returns, and lookup returns ErrGone.
func compareWrapped(id int) bool {
	_, err := fetch(id)
	return err == ErrGone // want `err == ErrGone misses a wrapped ErrGone: err may come from fetch, which returns errors wrapped by fmt.Errorf with %w at compare.go:16; use errors.Is\(err, ErrGone\)`
}

// Bug: != is the same mistake.
func compareWrappedNeq(id int) bool {
	_, err := fetch(id)
	if err != nil && err != ErrGone { // want `err != ErrGone misses a wrapped ErrGone`
		return false
	}
	return true
}

// Bug: wrapped right here.
func compareLocal(err error) bool {
	werr := fmt.Errorf("ctx: %w", err)
	return werr == ErrNotFound // want `werr == ErrNotFound misses a wrapped ErrNotFound: werr may hold an error wrapped by fmt.Errorf with %w`
}

// Bug: an expression switch compares with == too; reported once.
func compareSwitch(id int) string {
	_, err := fetch(id)
	switch err { // want `switch on err compares it with == and misses a wrapped ErrGone`
	case nil:
		return "ok"
	case ErrGone:
		return "gone"
	}
	return "?"
}

// OK: lookup returns ErrGone as it is and never wraps.
func compareDirect(id int) bool {
	err := lookup(id)
	return err == ErrGone
}

// OK: fetch wraps only what lookup returns, which is never ErrNotFound.
func compareOtherSentinel(id int) bool {
	_, err := fetch(id)
	return err == ErrNotFound
}

// OK: comparison with nil.
func compareNil(id int) bool {
	_, err := fetch(id)
	return err == nil
}

// OK: err is a parameter: where it comes from is unknown, so trust the caller.
func compareParam(err error) bool {
	return err == ErrGone
}

// OK: io.EOF from a reader is returned unwrapped by contract.
func compareEOF(r io.Reader) bool {
	_, err := r.Read(make([]byte, 1))
	return err == io.EOF
}

// OK: io.EOF is trusted even when a function wraps something unknown.
func readAll(r io.Reader) error { // want readAll:`wraps`
	_, err := r.Read(nil)
	if err == io.EOF {
		return io.EOF
	}
	return fmt.Errorf("read: %w", err)
}

func compareEOFThroughWrapper(r io.Reader) bool {
	err := readAll(r)
	return err == io.EOF
}

// OK: already errors.Is.
func compareIs(id int) bool {
	_, err := fetch(id)
	return errors.Is(err, ErrGone)
}

// Bug: wrapped by errors.Join.
func compareJoin(a, b error) bool {
	err := errors.Join(a, b)
	return err == ErrGone // want `err == ErrGone misses a wrapped ErrGone: err may hold an error wrapped by errors.Join`
}

// OK: Is methods compare one level of the chain by design.
type gone struct{}

func (gone) Error() string { return "gone" }
func (gone) Is(target error) bool {
	_, err := fetch(1)
	return target == ErrGone || err == ErrGone
}

type db interface {
	get(k string) (string, error)
}

func getItem(d db, k string) (string, error) { // want getItem:`wraps`
	if k == "" {
		return "", ErrGone
	}
	v, err := d.get(k)
	if err != nil {
		return "", fmt.Errorf("get %s: %w", k, err)
	}
	return v, nil
}

// OK: getItem returns ErrGone as it is; it wraps only errors of unknown
// origin, which is no evidence that ErrGone arrives wrapped.
func compareDirectAndUnknown(d db) bool {
	_, err := getItem(d, "")
	return err == ErrGone
}

// Bug: getItem wraps errors of unknown origin and never returns
// ErrNotFound itself: if err is ever ErrNotFound, it is wrapped.
func compareOnlyWrapped(d db) bool {
	_, err := getItem(d, "k")
	return err == ErrNotFound // want `err == ErrNotFound misses a wrapped ErrNotFound: err may come from getItem`
}
