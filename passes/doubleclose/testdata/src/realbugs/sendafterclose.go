package realbugs

// A deferred close that races the goroutines still sending.

func serveA() error { return nil }
func serveB() error { return nil }

// pouch1523Run: AliyunContainerService/pouch PR #1523 (review): adding
// `defer close(errChan)` to a function whose two servers report on
// errChan; after the first error the function returns and closes errChan,
// and the second server's send panics. Silent: whether the second sender
// has sent before the deferred close runs depends on timing, and
// doubleclose reports only sends that follow a close on one path of one
// goroutine. (unbufsend does not report it either: the buffer of 2 holds
// both sends.) The unbuffered form, gohan #581, is certain and reported:
// see deferclose.go.
func pouch1523Run() error {
	errChan := make(chan error, 2)
	defer close(errChan)
	go func() { errChan <- serveA() }()
	go func() { errChan <- serveB() }()
	return <-errChan
}

// pouch1523RunFixed: the reviewer's fix, no close at all: nothing ranges
// over errChan, so it never needs closing.
func pouch1523RunFixed() error {
	errChan := make(chan error, 2)
	go func() { errChan <- serveA() }()
	go func() { errChan <- serveB() }()
	return <-errChan
}
