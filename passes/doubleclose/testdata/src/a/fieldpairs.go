package a

import "sync"

// Two functions closing one field: a goroutine on its way out, and its
// owner.

type pump struct {
	done chan struct{}
	in   chan int
}

func newPump() *pump {
	p := &pump{done: make(chan struct{}), in: make(chan int)}
	go p.run()
	return p
}

func (p *pump) run() { // want run:`closes p0.0`
	defer close(p.done)
	for v := range p.in {
		_ = v
	}
}

// Stop closes done as well: whichever comes second panics.
func (p *pump) Stop() { // want Stop:`closes p0.1 p0.0`
	close(p.in)
	close(p.done) // want `close of p.done panics once run has returned: the goroutine running run closes it too`
}

// The fixed pump waits for run instead of closing done itself.
type waitingPump struct {
	done chan struct{}
	in   chan int
}

func newWaitingPump() *waitingPump {
	p := &waitingPump{done: make(chan struct{}), in: make(chan int)}
	go p.run()
	return p
}

func (p *waitingPump) run() { // want run:`closes p0.0`
	defer close(p.done)
	for v := range p.in {
		_ = v
	}
}

func (p *waitingPump) Stop() { // want Stop:`closes p0.1`
	close(p.in)
	<-p.done // ok: waits for run's close
}

// Both closes go through one sync.Once.
type oncePump struct {
	once sync.Once
	done chan struct{}
}

func newOncePump() *oncePump {
	p := &oncePump{done: make(chan struct{})}
	go p.run()
	return p
}

func (p *oncePump) shut() { p.once.Do(func() { close(p.done) }) }

func (p *oncePump) run() {
	defer p.shut()
}

func (p *oncePump) Stop() { p.shut() } // ok: sync.Once

// The owner closes only if the goroutine has not: the select idiom.
type idiomPump struct {
	done chan struct{}
}

func newIdiomPump() *idiomPump {
	p := &idiomPump{done: make(chan struct{})}
	go p.run()
	return p
}

func (p *idiomPump) run() { // want run:`closes p0.0`
	defer close(p.done)
}

func (p *idiomPump) Stop() {
	select {
	case <-p.done:
	default:
		close(p.done) // ok: only when not closed yet (racy, but not this check's claim)
	}
}
