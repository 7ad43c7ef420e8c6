package realbugs

import (
	"errors"
	"math/rand"
)

// Self-sends: the goroutine that made the channel sends on it before
// anyone else can have it.

func mayReturnError() error {
	if rand.Int31n(2) >= 1 {
		return errors.New("error")
	}
	return nil
}

// moby33293ContainerWait: moby PR #33293 (daemon containerWait; goker
// blocking/moby/33293). On error the function sends on the channel it has
// just made and has not yet returned: nothing else holds it, so the send
// blocks forever and the function never returns.
func moby33293ContainerWait() <-chan error {
	errC := make(chan error)
	err := mayReturnError()
	if err != nil {
		errC <- err // want `send on unbuffered channel errC blocks forever: nothing else can hold it before it is returned at line [0-9]+; give errC a buffer or receive in another goroutine`
		return errC
	}
	return errC
}

// moby33293ContainerWaitFixed: the fix gives the channel a buffer of 1;
// the caller reads the error after the function returns.
func moby33293ContainerWaitFixed() <-chan error {
	errC := make(chan error, 1)
	err := mayReturnError()
	if err != nil {
		errC <- err
		return errC
	}
	return errC
}

// OK: the channel is handed to a goroutine before the send; that
// goroutine may receive.
func selfSendAfterHandOff(consume func(<-chan error)) <-chan error {
	errC := make(chan error)
	go consume(errC)
	errC <- mayReturnError()
	return errC
}

// OK: stored in a field before the send: code reading the field may
// receive.
type waiter struct{ errC chan error }

func (w *waiter) selfSendAfterStore() {
	errC := make(chan error)
	w.errC = errC
	errC <- mayReturnError()
}

// OK: a new channel on each pass, published to the slice before the
// send: another goroutine may already be receiving from it.
func selfSendInLoop(out *[]chan error, n int) {
	for i := 0; i < n; i++ {
		errC := make(chan error)
		*out = append(*out, errC)
		errC <- mayReturnError()
	}
}

// A new channel on each pass, sent on before it is published: the first
// pass blocks (the previous pass's channel is another channel).
func selfSendInLoopBeforePublish(out *[]chan error, n int) {
	for i := 0; i < n; i++ {
		errC := make(chan error)
		errC <- mayReturnError() // want `send on unbuffered channel errC blocks forever: nothing else can hold it before it is stored in memory at line \d+`
		*out = append(*out, errC)
	}
}

// A goroutine that receives is started only after the send.
func selfSendBeforeReceiver() {
	errC := make(chan error)
	errC <- mayReturnError() // want `send on unbuffered channel errC blocks forever: nothing else can hold it before it is handed to the goroutine started at line \d+`
	go func() { <-errC }()
}

// OK: the receiver is started first.
func receiverBeforeSend() {
	errC := make(chan error)
	go func() { <-errC }()
	errC <- mayReturnError()
}
