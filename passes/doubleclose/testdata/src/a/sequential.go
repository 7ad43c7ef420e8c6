package a

import "errors"

var errBad = errors.New("bad")

// twoCloses closes done twice on the only path: the second close panics.
func twoCloses() {
	done := make(chan struct{})
	close(done)
	close(done) // want `close of done panics: done is already closed at line [0-9]+ on this path`
}

// closeAfterOptionalClose closes ch in a branch and again after it: when
// cond holds, the second close panics.
func closeAfterOptionalClose(cond bool) {
	ch := make(chan int)
	if cond {
		close(ch)
	}
	close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}

// exclusiveBranches closes ch once on each branch: never twice.
func exclusiveBranches(cond bool) {
	ch := make(chan int)
	if cond {
		close(ch)
	} else {
		close(ch)
	}
}

// closeThenReturn returns right after the first close.
func closeThenReturn(err error) error {
	ch := make(chan int)
	if err != nil {
		close(ch)
		return err
	}
	close(ch)
	return nil
}

// repointed closes two different channels held by one variable.
func repointed() {
	ch := make(chan int)
	close(ch)
	ch = make(chan int)
	close(ch)
}

// paramClosedTwice: the caller's channel escapes here, but the second close
// panics whoever else holds it.
func paramClosedTwice(ch chan int) { // want paramClosedTwice:`closes p0`
	close(ch)
	close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}

// fallthroughClose: case 1 falls through into case 2, which closes again.
func fallthroughClose(n int) {
	ch := make(chan int)
	switch n {
	case 1:
		close(ch)
		fallthrough
	case 2:
		close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
	}
}

// switchNoFallthrough: each case closes once.
func switchNoFallthrough(n int) {
	ch := make(chan int)
	switch n {
	case 1:
		close(ch)
	case 2:
		close(ch)
	}
}

// closedOnErrorThenAlways: the error path closes and then falls through to
// the unconditional close.
func closedOnErrorThenAlways(err error) error {
	ch := make(chan int)
	if err != nil {
		close(ch)
	}
	close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
	return err
}

type fataler interface{ Fatal(args ...any) }

// closeThenFatal: t.Fatal does not return, so the second close never runs
// after the first.
func closeThenFatal(t fataler, err error) {
	ch := make(chan int)
	if err != nil {
		close(ch)
		t.Fatal(err)
	}
	close(ch)
}

// suppressed: the author says why the second close cannot run twice.
func suppressed() {
	ch := make(chan int)
	close(ch)
	//leakvet:ignore doubleclose the test checks the runtime panic
	close(ch)
}
