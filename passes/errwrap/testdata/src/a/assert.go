package a

import (
	"errors"
	"fmt"
	"os"
	"strconv"
)

type CodeErr struct{ Code int }

func (e *CodeErr) Error() string { return "code " + strconv.Itoa(e.Code) }

func call(n int) error { // want call:`wraps`
	if n < 0 {
		return &CodeErr{Code: n}
	}
	if err := step(n); err != nil {
		return fmt.Errorf("call: %w", err)
	}
	return nil
}

func step(n int) error {
	if n == 0 {
		return &CodeErr{Code: 0}
	}
	return nil
}

// Bug: call may return a *CodeErr inside a fmt.Errorf wrapper.
func assertWrapped(n int) int {
	err := call(n)
	if ce, ok := err.(*CodeErr); ok { // want `type assertion err.\(\*CodeErr\) misses a \*CodeErr wrapped inside err: err may come from call, which returns errors wrapped by fmt.Errorf with %w at assert.go:19; use errors.As\(err, &target\)`
		return ce.Code
	}
	return 0
}

// Bug: a type switch is reported once, naming its cases.
func assertSwitch(n int) string {
	switch e := call(n).(type) { // want `type switch on call\(n\) misses errors wrapped inside it \(case \*CodeErr\)`
	case nil:
		return "ok"
	case *CodeErr:
		return strconv.Itoa(e.Code)
	case *os.PathError:
		return e.Path
	}
	return "?"
}

// OK: step never wraps.
func assertDirect(n int) int {
	if ce, ok := step(n).(*CodeErr); ok {
		return ce.Code
	}
	return 0
}

// OK: errors.As.
func assertAs(n int) int {
	var ce *CodeErr
	if errors.As(call(n), &ce) {
		return ce.Code
	}
	return 0
}

// OK: asking for the chain itself.
func assertUnwrap(n int) error {
	if u, ok := call(n).(interface{ Unwrap() error }); ok {
		return u.Unwrap()
	}
	return nil
}

// OK: os.Open returns *fs.PathError itself: asserting to it is right.
func assertPathError(name string) string {
	_, err := os.Open(name)
	if pe, ok := err.(*os.PathError); ok {
		return pe.Path
	}
	return ""
}

// OK: the As method of an error type looks at one level by design.
type codeMatcher struct{}

func (codeMatcher) Error() string { return "matcher" }
func (codeMatcher) As(target any) bool {
	_, ok := call(1).(*CodeErr)
	return ok
}

type store interface{ get(k string) error }

func fetchCode(s store, k string) error { // want fetchCode:`wraps`
	if k == "" {
		return &CodeErr{Code: 400}
	}
	if err := s.get(k); err != nil {
		return fmt.Errorf("fetch %s: %w", k, err)
	}
	return nil
}

// OK: fetchCode returns *CodeErr as it is; what it wraps comes from an
// interface call, which is no evidence that a *CodeErr arrives wrapped.
func assertDirectAndUnknown(s store) int {
	if ce, ok := fetchCode(s, "").(*CodeErr); ok {
		return ce.Code
	}
	return 0
}
