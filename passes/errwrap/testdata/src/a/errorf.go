package a

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"os"
	"strconv"
)

var ErrNotFound = errors.New("not found") // want ErrNotFound:`sentinel`

// Bug: a sentinel derived from another with %v no longer matches it.
var ErrNotCached = fmt.Errorf("not cached: %v", ErrNotFound) // want `fmt.Errorf formats ErrNotFound with %v, which hides ErrNotFound from errors.Is`

// Bug: os.ReadFile returns a *fs.PathError around fs.ErrNotExist and the
// like, which callers test with errors.Is and errors.As.
func errorfReadFile(name string) error {
	_, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("load %s: %v", name, err) // want `fmt.Errorf formats err with %v, which hides the \*fs.PathError from os.ReadFile \(and fs.ErrNotExist, fs.ErrPermission, ...\) from errors.Is and errors.As; use %w`
	}
	return nil
}

// Bug: %s of the package's own sentinel.
func errorfSentinel(k string) error {
	return fmt.Errorf("find %s: %s", k, ErrNotFound) // want `fmt.Errorf formats ErrNotFound with %s, which hides ErrNotFound from errors.Is`
}

func find(k string) error {
	if k == "" {
		return ErrNotFound
	}
	return nil
}

// Bug: the sentinel arrives through a function of this package.
func errorfThroughHelper(k string) error {
	if err := find(k); err != nil {
		return fmt.Errorf("find %s: %v", k, err) // want `which hides ErrNotFound from find from errors.Is`
	}
	return nil
}

// Bug: %+v of a plain error prints the same as %w.
func errorfPlusV(name string) error {
	if _, err := os.Stat(name); err != nil {
		return fmt.Errorf("stat: %+v", err) // want `err with %\+v, which hides the \*fs.PathError from os.Stat`
	}
	return nil
}

// Bug: %q quotes the text; reported, but no fix (the message would change).
func errorfQ(ctx context.Context) error {
	return fmt.Errorf("stopped: %q", ctx.Err()) // want `ctx.Err\(\) with %q, which hides context.DeadlineExceeded or context.Canceled from \(context.Context\).Err`
}

// Bug: err.Error() formatted with %s flattens it; the fix passes err itself.
func errorfErrorCall(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return fmt.Errorf("dial: %s", err.Error()) // want `err.Error\(\) with %s, which hides the \*net.OpError from net.Dial`
	}
	return c.Close()
}

// Bug: of two error operands, only the one that carries something is
// reported, and only it is wrapped by the fix.
func errorfTwo(name string, cause error) error { // want errorfTwo:`wraps`
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("open: %v (after %v)", err, cause) // want `fmt.Errorf formats err with %v, which hides the \*fs.PathError from os.Open`
	}
	return f.Close()
}

// OK: a value of a concrete error type: the code holds it as what it is
// and chose to format its text.
func errorfConcrete(e *MyErr) error {
	return fmt.Errorf("op: %v", e)
}

// Bug: an exported error type, returned as an error.
func errorfExportedType(op string) error {
	if err := validate(op); err != nil {
		return fmt.Errorf("validate: %v", err) // want `err with %v, which hides the \*MyErr from validate from errors.Is`
	}
	return nil
}

func validate(op string) error {
	if op == "" {
		return &MyErr{Op: op}
	}
	return nil
}

// Bug: escapes in the literal do not confuse the fix.
func errorfEscapes() error {
	return fmt.Errorf("tab\t\"quoted\" é: %v", ErrNotFound) // want `ErrNotFound with %v`
}

// Bug: what an error wrapped with %w carries is hidden by a later %v.
func errorfWrappedThenFlattened(k string) error {
	werr := fmt.Errorf("find %s: %w", k, ErrNotFound)
	return fmt.Errorf("outer: %v", werr) // want `werr with %v, which hides ErrNotFound \(wrapped inside it\) from errors.Is`
}

var errInUse = errors.New("busy")

func isInUse(err error) bool { return err == errInUse }

func acquire() error { return errInUse }

// Bug: an unexported sentinel the package itself matches (isInUse).
func errorfMatchedUnexported() error {
	if err := acquire(); err != nil {
		return fmt.Errorf("acquire: %v", err) // want `which hides errInUse from acquire`
	}
	return nil
}

var ErrStale = errors.New("stale") // want ErrStale:`sentinel`

func check() error    { return ErrStale }
func checkAll() error { return check() }

// OK: ErrStale comes from two calls down: one of many ways checkAll can
// fail, and the text says enough.
func errorfDeep() error {
	if err := checkAll(); err != nil {
		return fmt.Errorf("check: %v", err)
	}
	return nil
}

func findAny() error { return find("") }

// OK: the same with ErrNotFound, which the package tests for elsewhere
// (compare.go): that comparison never sees this error.
func errorfDeepMatched() error {
	if err := findAny(); err != nil {
		return fmt.Errorf("find: %v", err)
	}
	return nil
}

// Bug: the call that produced err returns ErrStale itself.
func errorfNear() error {
	if err := check(); err != nil {
		return fmt.Errorf("check: %v", err) // want `err with %v, which hides ErrStale from check from errors.Is`
	}
	return nil
}

func readConfig() ([]byte, error) { // want readConfig:`wraps`
	b, err := os.ReadFile("config")
	return b, err
}

// Bug: the errors the standard library documents count however many calls
// down they come from.
func errorfStdThroughHelper() error {
	if _, err := readConfig(); err != nil {
		return fmt.Errorf("config: %v", err) // want `which hides the \*fs.PathError from os.ReadFile \(and fs.ErrNotExist, fs.ErrPermission, ...\) from errors.Is`
	}
	return nil
}

// OK: the origin of err is unknown (a parameter): nothing says it carries
// anything a caller could match.
func errorfParam(name string, err error) error {
	return fmt.Errorf("load %s: %v", name, err)
}

type getter interface{ get(k string) error }

// OK: an interface method errwrap knows nothing of.
func errorfInterface(g getter, k string) error {
	if err := g.get(k); err != nil {
		return fmt.Errorf("get %s: %v", k, err)
	}
	return nil
}

// OK: err was flattened already (reported there); formatting the flat
// error again hides nothing more.
func errorfAlreadyFlattened(name string) error {
	_, err := os.ReadFile(name)
	if err != nil {
		err = fmt.Errorf("read %s: %v", name, err) // want `hides the \*fs.PathError from os.ReadFile`
		return fmt.Errorf("load: %v", err)
	}
	return nil
}

// OK: the function tested for the sentinel before formatting: what its
// callers may match, it handled; the rest is a message.
func errorfComparedFirst(k string) error {
	err := find(k)
	if err == ErrNotFound {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find %s: %v", k, err)
	}
	return nil
}

// OK: the same with os.IsNotExist on the *fs.PathError.
func errorfIsNotExistFirst(name string) error {
	_, err := os.Stat(name)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("stat %s: %v", name, err)
	}
	return nil
}

// OK: the same with errors.As.
func errorfAsFirst(name string) error {
	_, err := os.Lstat(name)
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Op == "lstat" {
		return nil
	}
	if err != nil {
		return fmt.Errorf("lstat: %v", err)
	}
	return nil
}

// Bug: *strconv.NumError is what a caller matches to tell an overflow
// (strconv.ErrRange) from text that is no number.
func errorfParse(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("bad port %q: %v", s, err) // want `fmt.Errorf formats err with %v, which hides the \*strconv.NumError from strconv.Atoi`
	}
	return n, nil
}

// OK: io.ReadFull's io.ErrUnexpectedEOF turned into a format error on
// purpose.
func errorfTruncated(r io.Reader) error {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return fmt.Errorf("reading header: %v", err)
	}
	return nil
}

// OK: err lives in memory (the closure captures it); the os.Stat error
// stored first does not reach the formatted load, which holds the error
// of an interface call.
func errorfCapturedReassigned(name string, g getter) error {
	_, err := os.Stat(name)
	defer func() { _ = err }()
	if err != nil {
		return nil
	}
	err = g.get(name)
	if err != nil {
		return fmt.Errorf("get: %v", err)
	}
	return nil
}

// Bug: the same, when the os.Stat error is the one that reaches.
func errorfCaptured(name string) error {
	_, err := os.Stat(name)
	defer func() { _ = err }()
	if err != nil {
		return fmt.Errorf("stat: %v", err) // want `err with %v, which hides the \*fs.PathError from os.Stat`
	}
	return nil
}

var errQuiet = errors.New("quiet")

func quiet() error { return errQuiet }

// OK: an unexported sentinel nobody matches is only a message.
func errorfUnmatchedUnexported() error {
	return fmt.Errorf("q: %v", quiet())
}

// OK: formatting io.EOF turns end of input into a failure on purpose.
func errorfEOF() error {
	return fmt.Errorf("header: %v", io.EOF)
}

// OK: an error built fresh here carries nothing.
func errorfFresh() error {
	err := errors.New("bad input")
	return fmt.Errorf("parse: %v", err)
}

// OK: already wraps.
func errorfW(err error) error { // want errorfW:`wraps`
	return fmt.Errorf("load: %w", err)
}

// OK: %w already used; the author chose what to wrap and what to print.
func errorfMixed(a error) error { // want errorfMixed:`wraps`
	return fmt.Errorf("a: %w, b: %v", a, ErrNotFound)
}

// OK: a value that is not an error.
func errorfNotError(name string, n int) error {
	return fmt.Errorf("load %s: %d items", name, n)
}

// OK: verbs with flags or width are deliberate formatting.
func errorfWidth() error {
	return fmt.Errorf("load: %-20v|%#v", ErrNotFound, ErrNotFound)
}

// OK: the error is built only to be printed; its chain cannot matter.
func errorfPrinted() {
	log.Println(fmt.Errorf("load: %v", ErrNotFound))
	fmt.Println(fmt.Errorf("load: %v", ErrNotFound).Error())
	panic(fmt.Errorf("load: %v", ErrNotFound))
}

// OK: an explicit argument index is not followed.
func errorfIndexed() error {
	return fmt.Errorf("%[1]v: %[1]v", ErrNotFound)
}

// OK: nil is not an error to wrap.
func errorfNil() error {
	return fmt.Errorf("x: %v", nil)
}

// OK: a suppressed finding.
func errorfIgnored() error {
	//leakvet:ignore errwrap the message is part of a stable API
	return fmt.Errorf("load: %v", ErrNotFound)
}

type MyErr struct{ Op string }

func (e *MyErr) Error() string { return e.Op }

// OK: Error methods build text, they do not propagate errors.
type wrapper struct{ err error }

func (w wrapper) Error() string { return fmt.Errorf("wrapper: %v", ErrNotFound).Error() }
func (w wrapper) Unwrap() error { return w.err }
