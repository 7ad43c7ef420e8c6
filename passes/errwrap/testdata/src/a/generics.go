package a

import "fmt"

// Bug: generic code loses chains the same way.
func genericErrorf[T any](v T, err error) error {
	return fmt.Errorf("value %v: %v", v, err) // want `error operand err \(%v\)`
}

// Bug: every E is an error, and %w accepts it.
func genericTypeParam[E error](e E) error {
	return fmt.Errorf("x: %v", e) // want `error operand e \(%v\)`
}

func genericWrap[T any](v T) (T, error) { // want genericWrap:`wraps`
	var zero T
	if err := lookup(1); err != nil {
		return zero, fmt.Errorf("wrap: %w", err)
	}
	return v, nil
}

// Bug: the instantiated callee wraps ErrGone.
func genericCompare() bool {
	_, err := genericWrap[int](1)
	return err == ErrGone // want `misses a wrapped ErrGone: err may come from genericWrap`
}
