package a

import "context"

// Shape 2, receive side: the senders give up on a stop channel, the
// receiver does not.

type proto struct {
	queue chan []byte
	done  chan struct{}
}

func newProto() *proto { return &proto{queue: make(chan []byte), done: make(chan struct{})} }

func (p *proto) Send(msg []byte) bool {
	select {
	case p.queue <- msg:
		return true
	case <-p.done:
		return false
	}
}

func (p *proto) sendLoop(write func([]byte)) {
	for {
		msg := <-p.queue // want `receive from p.queue blocks forever once its senders have stopped: every send on p.queue gives up on <-p.done \(line 20\) and nothing closes p.queue; select on p.done here too`
		write(msg)
	}
}

func (p *proto) Stop() { close(p.done) }

// The fixed loop selects on done as well.
type fixedProto struct {
	queue chan []byte
	done  chan struct{}
}

func newFixedProto() *fixedProto {
	return &fixedProto{queue: make(chan []byte), done: make(chan struct{})}
}

func (p *fixedProto) Send(msg []byte) bool {
	select {
	case p.queue <- msg:
		return true
	case <-p.done:
		return false
	}
}

func (p *fixedProto) sendLoop(write func([]byte)) {
	for {
		select {
		case msg := <-p.queue: // ok: leaves on done too
			write(msg)
		case <-p.done:
			return
		}
	}
}

// A plain sender elsewhere can still deliver: silent.
type mixedProto struct {
	queue chan int
}

func newMixedProto() *mixedProto { return &mixedProto{queue: make(chan int)} }

func (p *mixedProto) TrySend(ctx context.Context, v int) {
	select {
	case p.queue <- v:
	case <-ctx.Done():
	}
}

func (p *mixedProto) Send(v int) { p.queue <- v }

func (p *mixedProto) Next() int { return <-p.queue } // ok: Send always delivers

// A semaphore: release receives the slot acquire filled; acquire gives up
// on the caller's ctx. Silent (net's threadLimit).
var slots = make(chan struct{}, 4)

func acquire(ctx context.Context) error {
	select {
	case slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func release() { <-slots } // ok: a semaphore slot

// Unbuffered, but the senders give up only on their own call's ctx: the
// next call may send again. Silent.
type handoff struct{ ch chan int }

func newHandoff() *handoff { return &handoff{ch: make(chan int)} }

func (h *handoff) Give(ctx context.Context, v int) {
	select {
	case h.ch <- v:
	case <-ctx.Done():
	}
}

func (h *handoff) Take() int { return <-h.ch } // ok: per-call cancellation
