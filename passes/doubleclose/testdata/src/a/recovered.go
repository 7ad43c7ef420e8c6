package a

// Ok: closeQuietly closes a channel that may already be closed and
// recovers from the panic on purpose.
func closeQuietly(ch chan struct{}) (closed bool) { // want closeQuietly:`closes p0`
	defer func() {
		if recover() != nil {
			closed = false
		}
	}()
	close(ch)
	close(ch)
	return true
}

// No recover here: the second close panics.
func closeTwice(ch chan struct{}) { // want closeTwice:`closes p0`
	close(ch)
	close(ch) // want `close of ch panics: ch is already closed`
}
