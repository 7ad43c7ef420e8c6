// Package go119 is written for Go 1.19: one %w per fmt.Errorf call.
package go119

import (
	"fmt"
	"os"
)

// Bug: one error operand, which %w can wrap.
func one(name string) error {
	_, err := os.ReadFile(name)
	return fmt.Errorf("x: %v", err) // want `fmt.Errorf formats err with %v, which hides the \*fs.PathError from os.ReadFile`
}

// OK: two error operands; only one may be wrapped before Go 1.20, and
// which one is the author's choice.
func two(name string, b error) error {
	_, a := os.ReadFile(name)
	return fmt.Errorf("a: %v, b: %v", a, b)
}
