package a

import (
	"errors"
	"log"
	"testing"
)

func check() error { return errors.New("x") }

// An early return on error skips the receive.
func earlyReturn() (int, error) {
	ch := make(chan int)
	go func() { ch <- slow() }() // want `goroutine leaks: send on unbuffered channel ch blocks forever once the function returns at line [0-9]+ without receiving; give ch a buffer of 1`
	if err := check(); err != nil {
		return 0, err
	}
	return <-ch, nil
}

// OK: the check comes before the goroutine.
func earlyReturnBefore() (int, error) {
	ch := make(chan int)
	if err := check(); err != nil {
		return 0, err
	}
	go func() { ch <- slow() }()
	return <-ch, nil
}

// OK: the only way out without receiving ends the program.
func earlyFatal() int {
	ch := make(chan int)
	go func() { ch <- slow() }()
	if err := check(); err != nil {
		log.Fatal(err)
	}
	return <-ch
}

// OK: the only way out without receiving fails the test.
func earlyTestFatal(t *testing.T) int {
	ch := make(chan int)
	go func() { ch <- slow() }()
	if err := check(); err != nil {
		t.Fatal(err)
	}
	return <-ch
}

// Nothing ever receives.
func neverReceived() {
	done := make(chan bool)
	go func() {
		slow()
		done <- true // want `send on unbuffered channel done blocks forever because nothing receives from it; receive from done, or give done a buffer of 1 if its value is not needed`
	}()
}

// OK: the channel is handed to the caller, who may drain it.
var sink chan int

func escapes() {
	ch := make(chan int)
	go func() { ch <- slow() }()
	sink = ch
}

// OK: passed to code we cannot see.
func escapesToUnknown(f func(chan int)) {
	ch := make(chan int)
	go func() { ch <- slow() }()
	f(ch)
}

// OK: a deferred receive drains it on every return.
func deferredDrain() error {
	ch := make(chan int)
	go func() { ch <- slow() }()
	defer func() { <-ch }()
	return check()
}

// OK: the variable is re-pointed, we cannot tell which channel is received.
func reassigned(other chan int) int {
	ch := make(chan int)
	go func() { ch <- slow() }()
	if slow() > 3 {
		ch = other
	}
	return <-ch
}

// Suppressed with a reason.
func suppressed() {
	ch := make(chan int)
	go func() {
		//leakvet:ignore unbufsend the process exits right after
		ch <- 1
	}()
}

type server struct{ onEvent func() }

// A hook that only sends cannot drain the channel: the goroutine's send is
// still stranded by the early return.
func hookSends(s *server) error {
	ch := make(chan int)
	s.onEvent = func() { ch <- 2 }
	go func() { ch <- slow() }() // want `once the function returns at line [0-9]+ without receiving`
	if err := check(); err != nil {
		return err
	}
	<-ch
	return nil
}

// OK: a hook that receives may drain it.
func hookReceives(s *server) error {
	ch := make(chan int)
	s.onEvent = func() { <-ch }
	go func() { ch <- slow() }()
	if err := check(); err != nil {
		return err
	}
	return nil
}
