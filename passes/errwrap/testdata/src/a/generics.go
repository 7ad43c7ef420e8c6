package a

import "fmt"

// Bug: generic code loses chains the same way.
func genericErrorf[T any](v T) error {
	if err := lookup(1); err != nil {
		return fmt.Errorf("value %v: %v", v, err) // want `err with %v, which hides ErrGone from lookup`
	}
	return nil
}

// OK: E is some error type, unknown until instantiation: nothing says it
// carries anything callers match.
func genericTypeParam[E error](e E) error {
	return fmt.Errorf("x: %v", e)
}

func genericWrap[T any](v T) (T, error) { // want genericWrap:`wraps`
	var zero T
	if err := lookup(1); err != nil {
		return zero, fmt.Errorf("wrap: %w", err)
	}
	return v, nil
}

// Bug: the instantiated callee wraps ErrGone. The fix turns the single
// import line into a group with errors.
func genericCompare() bool {
	_, err := genericWrap[int](1)
	return err == ErrGone // want `misses a wrapped ErrGone: err may come from genericWrap`
}
