// Package go119 is written for Go 1.19: one %w per fmt.Errorf call.
package go119

import "fmt"

// Bug: one error operand, which %w can wrap.
func one(err error) error {
	return fmt.Errorf("x: %v", err) // want `error operand err \(%v\)`
}

// OK: two error operands; only one may be wrapped before Go 1.20, and
// which one is the author's choice.
func two(a, b error) error {
	return fmt.Errorf("a: %v, b: %v", a, b)
}
