package allverbs

import (
	"errors"
	"fmt"
	"strconv"
)

// With -allverbs every flattened error is reported, whatever its origin.

// Bug: err is a parameter: nothing is known of it, the chain is still lost.
func newFromParam(err error) error {
	return errors.New(err.Error()) // want `errors.New\(err.Error\(\)\) flattens err into text: errors.Is and errors.As no longer see it`
}

// Bug: the fix wraps every error operand.
func newFromSprintf(a, b error) error {
	return errors.New(fmt.Sprintf("a: %v, b: %v", a, b)) // want `flattens a into text`
}

// Bug: reported with every verb checked, and it names strconv's error.
func errorfFromAtoi(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("bad number: " + err.Error()) // want `fmt.Errorf with "bad number: " \+ err.Error\(\) as its format drops the chain of err, which hides the \*strconv.NumError`
	}
	return n, nil
}

// Bug: a known sentinel is still named.
func newFromSentinel() error {
	return errors.New("lookup: " + ErrNotFound.Error()) // want `flattens ErrNotFound into text, which hides ErrNotFound from errors.Is`
}

// OK: a fresh error with no cause.
func newPlain(name string) error {
	return errors.New("no such item: " + name)
}
