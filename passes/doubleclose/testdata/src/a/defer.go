package a

// deferPlusExplicit closes ch explicitly and again when the deferred close
// runs at return.
func deferPlusExplicit() {
	ch := make(chan int)
	defer close(ch)
	close(ch) // want `ch is closed here and again by the deferred close at line [0-9]+ when the function returns`
}

// explicitThenDefer registers the deferred close after an explicit close.
func explicitThenDefer() {
	ch := make(chan int)
	close(ch)
	defer close(ch) // want `deferred close of ch panics when the function returns: ch is already closed at line [0-9]+`
}

// twoDefers closes ch twice at return.
func twoDefers() {
	ch := make(chan int)
	defer close(ch)
	defer close(ch) // want `deferred close of ch panics when the function returns: ch is also closed by the deferred close at line [0-9]+`
}

// deferOnOtherPath: the explicit close returns before the defer is
// registered.
func deferOnOtherPath(cond bool) {
	ch := make(chan int)
	if cond {
		close(ch)
		return
	}
	defer close(ch)
}

// deferDifferentChannel: the defer evaluated the first channel; ch is then
// re-pointed.
func deferDifferentChannel() {
	ch := make(chan int)
	defer close(ch)
	ch = make(chan int)
	close(ch)
}

// literalDeferThenClose: the literal's deferred close runs when the literal
// returns, before the explicit close.
func literalDeferThenClose() {
	ch := make(chan int)
	func() {
		defer close(ch)
	}()
	close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}
