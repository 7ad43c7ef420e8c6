package a

import (
	"io"
	"os"
	"strings"
)

var ErrQuota = fmtErr("quota exceeded")

func fmtErr(s string) error { return &MyErr{Op: s} }

var errBusy = newErr("resource busy")

func newErr(s string) error { return &MyErr{Op: s} }

var ErrLocked = errorsNew("locked out")

// Bug: the text of io.EOF.
func textEOF(err error) bool {
	return err.Error() == "EOF" // want `err is matched by its text "EOF", the message of io.EOF: the match breaks silently when the error is wrapped or its text changes; use errors.Is\(err, io.EOF\)`
}

// Bug: the text of os.ErrNotExist, by substring.
func textContains(err error) bool {
	return strings.Contains(err.Error(), "file does not exist") // want `err is matched by its text "file does not exist", the message of os.ErrNotExist: the match breaks silently when the text changes`
}

// Bug: the text of this package's own sentinel.
func textOwn(err error) bool {
	return err.Error() != "not found" // want `the message of ErrNotFound`
}

// Bug: a switch on the text.
func textSwitch(err error) int {
	switch err.Error() {
	case "unexpected EOF": // want `the message of io.ErrUnexpectedEOF`
		return 1
	}
	return 0
}

// OK: a text that is no sentinel's message.
func textOther(err error) bool {
	return strings.Contains(err.Error(), "connection refused")
}

// OK: not built with errors.New from a constant: errwrap cannot know the text.
func textUnknown(err error) bool {
	return err.Error() == "quota exceeded" || err.Error() == "resource busy"
}

// OK: the sentinel itself is compared.
func textIs(err error) bool {
	return err == io.EOF || os.IsNotExist(err)
}

func errorsNew(s string) error { return &MyErr{Op: s} }
