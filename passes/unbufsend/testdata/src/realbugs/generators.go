package realbugs

import (
	"errors"
	"net/http"
	"time"
)

// Generators: a function returns a channel its goroutine sends on, and
// the caller does not always receive.

// moby4395Go: moby PR #4395 (utils.Go; goker blocking/moby/4395). Go runs
// f in a goroutine and returns the channel its error will arrive on;
// callers that stop waiting leave the goroutine blocked.
func moby4395Go(f func() error) chan error {
	ch := make(chan error)
	go func() {
		ch <- f()
	}()
	return ch
}

// moby4395Caller: the goker reduction, a caller that never reads the
// result.
func moby4395Caller() {
	moby4395Go(func() error { // want `goroutine leaks: send on unbuffered channel returned by moby4395Go blocks forever because nothing receives from it; receive until it is closed, or let the generator stop early`
		return errors.New("")
	})
}

// moby4395Wait: a caller that gives up after a timeout.
func moby4395Wait(f func() error, timeout time.Duration) error {
	select {
	case err := <-moby4395Go(f): // want `goroutine leaks: send on unbuffered channel returned by moby4395Go blocks forever once the select at line [0-9]+ returns on time.After`
		return err
	case <-time.After(timeout):
		return errTimeout
	}
}

// moby4395GoFixed: the fix, a buffer of 1 in the generator; its callers
// are then fine whatever they do.
func moby4395GoFixed(f func() error) chan error {
	ch := make(chan error, 1)
	go func() {
		ch <- f()
	}()
	return ch
}

func moby4395CallerFixed() {
	moby4395GoFixed(func() error {
		return errors.New("")
	})
}

func moby4395WaitFixed(f func() error, timeout time.Duration) error {
	select {
	case err := <-moby4395GoFixed(f):
		return err
	case <-time.After(timeout):
		return errTimeout
	}
}

// learnGoWithTestsPing: quii/learn-go-with-tests issue #257 and PR #188
// (the "select" chapter). Racer selects on two pings and a timeout: the
// losing ping, and both after a timeout, block on their send forever.
func learnGoWithTestsPing(url string) chan bool {
	ch := make(chan bool)
	go func() {
		http.Get(url)
		ch <- true
	}()
	return ch
}

func learnGoWithTestsRacer(a, b string, timeout time.Duration) (string, error) {
	select {
	case <-learnGoWithTestsPing(a): // want `goroutine leaks: send on unbuffered channel returned by learnGoWithTestsPing blocks forever once the select at line [0-9]+ returns on time.After`
		return a, nil
	case <-learnGoWithTestsPing(b): // want `goroutine leaks: send on unbuffered channel returned by learnGoWithTestsPing blocks forever once the select at line [0-9]+ returns on time.After`
		return b, nil
	case <-time.After(timeout):
		return "", errTimeout
	}
}

// learnGoWithTestsPingFixed: the book's fix closes a chan struct{}
// instead of sending: a close never blocks.
func learnGoWithTestsPingFixed(url string) chan struct{} {
	ch := make(chan struct{})
	go func() {
		http.Get(url)
		close(ch)
	}()
	return ch
}

func learnGoWithTestsRacerFixed(a, b string, timeout time.Duration) (string, error) {
	select {
	case <-learnGoWithTestsPingFixed(a):
		return a, nil
	case <-learnGoWithTestsPingFixed(b):
		return b, nil
	case <-time.After(timeout):
		return "", errTimeout
	}
}
