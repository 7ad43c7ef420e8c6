package a

import "errors"

// Which fix the message names depends on why the function leaves the
// sender behind.

func fetchA() (int, error) { return 1, nil }
func fetchB() (int, error) { return 2, nil }

// The function forgets the goroutine on an error path that has nothing
// to do with it: receive there (the goroutine's error is dropped
// otherwise).
func forgotOnErrorPath(validate func() error) error {
	errc := make(chan error)
	go func() { errc <- check() }() // want `goroutine leaks: send on unbuffered channel errc blocks forever once the function returns at line \d+ without receiving; receive from errc before that return, or give errc a buffer of 1 if its value is not needed there`
	if err := validate(); err != nil {
		return err
	}
	return <-errc
}

// The function stops waiting because another goroutine's answer decided
// it (the first error wins): waiting would defeat the purpose, so the
// buffer is the fix.
func leavesOnAnotherAnswer() error {
	ac := make(chan error)
	bc := make(chan error)
	go func() { _, err := fetchA(); ac <- err }()
	go func() { _, err := fetchB(); bc <- err }() // want `goroutine leaks: send on unbuffered channel bc blocks forever once the function returns at line \d+ without receiving; give bc a buffer of 1`
	if err := <-ac; err != nil {
		return err
	}
	return <-bc
}

// Two senders, neither received on the error path: drain both there.
func forgotTwo(validate func() error) error {
	errc := make(chan error)
	go func() { errc <- check() }() // want `goroutine leaks: 2 goroutines send on unbuffered channel errc but 2 of them block forever once the function returns at line \d+ without receiving; drain errc \(2 receives\) before that return, or give errc a buffer of 2 if their values are not needed there`
	go func() { errc <- check() }()
	if err := validate(); err != nil {
		return err
	}
	return errors.Join(<-errc, <-errc)
}

// OK: the error path receives first.
func drainsOnErrorPath(validate func() error) error {
	errc := make(chan error)
	go func() { errc <- check() }()
	if err := validate(); err != nil {
		<-errc
		return err
	}
	return <-errc
}
