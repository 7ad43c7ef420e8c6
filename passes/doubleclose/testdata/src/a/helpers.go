package a

// closeIt always closes its parameter.
func closeIt(ch chan int) { // want closeIt:`closes p0`
	close(ch)
}

// closeIfOpen closes ch only if nobody has yet: the select idiom.
func closeIfOpen(ch chan struct{}) {
	select {
	case <-ch:
	default:
		close(ch)
	}
}

// closeOnError closes ch only when err is set.
func closeOnError(ch chan int, err error) {
	if err != nil {
		close(ch)
	}
}

// helperTwice calls a helper that always closes ch twice.
func helperTwice() {
	ch := make(chan int)
	closeIt(ch)
	closeIt(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}

// helperThenClose closes through the helper, then directly.
func helperThenClose() {
	ch := make(chan int)
	closeIt(ch)
	close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}

// idempotentHelperTwice: closeIfOpen checks first.
func idempotentHelperTwice() {
	ch := make(chan struct{})
	closeIfOpen(ch)
	closeIfOpen(ch)
}

// conditionalHelperTwice: closeOnError may or may not close.
func conditionalHelperTwice(err error) {
	ch := make(chan int)
	closeOnError(ch, err)
	closeOnError(ch, nil)
}

// deferHelperAndClose: the deferred helper closes ch again at return.
func deferHelperAndClose() {
	ch := make(chan int)
	defer closeIt(ch)
	close(ch) // want `ch is closed here and again by the deferred close at line [0-9]+ when the function returns`
}
