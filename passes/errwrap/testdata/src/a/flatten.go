package a

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"strconv"
)

// The flatten check reports an error turned into text and rebuilt only
// when the error may carry something callers match, as the verb check
// does for %v (errorf.go).

// Bug: os.Open returns a *fs.PathError around fs.ErrNotExist; the copy of
// its text replaces it, and callers can no longer test for either.
func newFromError(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, errors.New(err.Error()) // want `errors.New\(err.Error\(\)\) flattens err into text, which hides the \*fs.PathError from os.Open \(and fs.ErrNotExist, fs.ErrPermission, ...\) from errors.Is and errors.As`
	}
	return f, nil
}

// Bug: Sprintf then errors.New is fmt.Errorf without %w; the fix rewrites it.
func newFromSprintf(name string) error {
	_, err := os.ReadFile(name)
	if err != nil {
		return errors.New(fmt.Sprintf("load %s: %v", name, err)) // want `errors.New\(fmt.Sprintf\(.*\)\) flattens err into text, which hides the \*fs.PathError from os.ReadFile`
	}
	return nil
}

// Bug: concatenation flattens too; ErrNotFound is this package's exported
// sentinel, and find returns it.
func newFromConcat(k string) error {
	if err := find(k); err != nil {
		return errors.New("find: " + err.Error()) // want `flattens err into text, which hides ErrNotFound from find from errors.Is`
	}
	return nil
}

// Bug: a custom error type of this package, which callers match with
// errors.As.
func newFromCustomType(op string) error {
	if err := validate(op); err != nil {
		return errors.New("validate: " + err.Error()) // want `flattens err into text, which hides the \*MyErr from validate`
	}
	return nil
}

// Bug: the error's text used as a format string replaces the error.
func errorfFromError(name string) error {
	if _, err := os.Stat(name); err != nil {
		return fmt.Errorf(err.Error()) // want `fmt.Errorf with err.Error\(\) as its format drops the chain of err, which hides the \*fs.PathError from os.Stat`
	}
	return nil
}

// Bug: the same with a prefix; a sentinel of the package itself.
func errorfFromConcat() error {
	if err := check(); err != nil {
		return fmt.Errorf("check: " + err.Error()) // want `drops the chain of err, which hides ErrStale from check`
	}
	return nil
}

// Bug: of two flattened errors, the one that carries something is named,
// and only it is wrapped by the fix.
func newSprintfTwo(name string, cause error) error {
	_, err := os.ReadFile(name)
	if err != nil {
		return errors.New(fmt.Sprintf("after %v: %v", cause, err)) // want `flattens err into text, which hides the \*fs.PathError from os.ReadFile`
	}
	return nil
}

// Bug: fmt.Sprint flattens as well.
func newFromSprint(k string) error {
	if err := find(k); err != nil {
		return errors.New(fmt.Sprint("find: ", err)) // want `flattens err into text, which hides ErrNotFound from find`
	}
	return nil
}

// OK: the origin of err is unknown (a parameter): nothing says it carries
// anything a caller could match.
func newFromParam(err error) error {
	return errors.New(err.Error())
}

// OK: the same through a concatenation and a format.
func errorfFromParam(err error) error {
	return fmt.Errorf("load: " + err.Error())
}

// OK: an error made locally with errors.New carries nothing to match.
func newFromLocal(k string) error {
	e := errors.New("missing " + k)
	return errors.New("lookup: " + e.Error())
}

// OK: an unexported sentinel nobody matches is only a message.
func newFromUnmatchedUnexported() error {
	if err := quiet(); err != nil {
		return errors.New("q: " + err.Error())
	}
	return nil
}

// Bug: the *strconv.NumError is flattened into text.
func newFromAtoi(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errors.New("bad port " + s + ": " + err.Error()) // want `flattens err into text, which hides the \*strconv.NumError from strconv.Atoi`
	}
	return n, nil
}

func parseKey(der []byte) error {
	if len(der) == 0 {
		return asn1.SyntaxError{Msg: "empty"}
	}
	return nil
}

// OK: an encoding/asn1 error says only that the input was malformed, as
// crypto/x509 flattens them into its own messages.
func newFromASN1(der []byte) error {
	if err := parseKey(der); err != nil {
		return errors.New("x509: failed to parse embedded key: " + err.Error())
	}
	return nil
}

// OK: an interface method errwrap knows nothing of.
func newFromInterface(g getter, k string) error {
	if err := g.get(k); err != nil {
		return errors.New(fmt.Sprintf("get %s: %v", k, err))
	}
	return nil
}

// OK: ErrStale comes from two calls down: one of many ways checkAll can
// fail, and the text says enough.
func newFromDeep() error {
	if err := checkAll(); err != nil {
		return errors.New("check: " + err.Error())
	}
	return nil
}

// OK: a value of a concrete error type: the code holds it as what it is.
func newFromConcrete(e *MyErr) error {
	return errors.New("op: " + e.Error())
}

// OK: the function already tested for what the error carries.
func newAfterIsNotExist(name string) error {
	_, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return errors.New("load: " + err.Error())
	}
	return nil
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
func newLogged(name string) {
	_, err := os.ReadFile(name)
	log.Print(errors.New("load: " + err.Error()))
}
