package a

import "errors"

// Which fix the message names depends on why the function leaves the
// sender behind.

func fetchA() (int, error) { return 1, nil }
func fetchB() (int, error) { return 2, nil }

// The function returns success on a path that never reads the sender's
// error: it forgot the goroutine there, and a buffer would drop the
// error quietly. Receive on that path.
func forgotOnSuccessPath(cached bool) error {
	errc := make(chan error)
	go func() { errc <- check() }() // want `goroutine leaks: send on unbuffered channel errc blocks forever once the function returns at line \d+ without receiving; receive from errc before that return, or give errc a buffer of 1 if its value is not needed there`
	if cached {
		return nil
	}
	return <-errc
}

// Two senders forgotten on a success path: drain both there.
func forgotTwo(cached bool) error {
	errc := make(chan error)
	go func() { errc <- check() }() // want `goroutine leaks: 2 goroutines send on unbuffered channel errc but 2 of them block forever once the function returns at line \d+ without receiving; drain errc \(2 receives\) before that return, or give errc a buffer of 2 if their values are not needed there`
	go func() { errc <- check() }()
	if cached {
		return nil
	}
	return errors.Join(<-errc, <-errc)
}

// The function fails on an error path: it is giving up, the sender's
// value is not needed, and waiting for the sender could take as long as
// the sender runs (a server). The buffer is the fix.
func failsOnErrorPath(validate func() error) error {
	errc := make(chan error)
	go func() { errc <- check() }() // want `goroutine leaks: send on unbuffered channel errc blocks forever once the function returns at line \d+ without receiving; give errc a buffer of 1`
	if err := validate(); err != nil {
		return err
	}
	return <-errc
}

// The same error path in a function with no error result: the branch on
// err != nil says it.
func logsOnErrorPath(validate func() error, logf func(error)) {
	errc := make(chan error)
	go func() { errc <- check() }() // want `goroutine leaks: send on unbuffered channel errc blocks forever once the function returns at line \d+ without receiving; give errc a buffer of 1`
	if err := validate(); err != nil {
		logf(err)
		return
	}
	logf(<-errc)
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

// OK: the success path receives first.
func drainsOnSuccessPath(cached bool) error {
	errc := make(chan error)
	go func() { errc <- check() }()
	if cached {
		return <-errc
	}
	return <-errc
}
