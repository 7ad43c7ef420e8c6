package a

// genericClosedTwice closes a channel of a type parameter element twice.
func genericClosedTwice[T any](ch chan T) { // want genericClosedTwice:`closes p0`
	close(ch)
	close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}

// coreTypeClosedTwice closes a channel whose type is a type parameter.
func coreTypeClosedTwice[C ~chan int](ch C) { // want coreTypeClosedTwice:`closes p0`
	close(ch)
	close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}

// closeG always closes its parameter.
func closeG[T any](ch chan T) { // want closeG:`closes p0`
	close(ch)
}

// genericHelperTwice calls an instantiation of closeG twice.
func genericHelperTwice() {
	ch := make(chan string)
	closeG(ch)
	closeG(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}

// genericExclusive closes once per branch.
func genericExclusive[T any](ch chan T, cond bool) { // want genericExclusive:`closes p0`
	if cond {
		close(ch)
		return
	}
	close(ch)
}
