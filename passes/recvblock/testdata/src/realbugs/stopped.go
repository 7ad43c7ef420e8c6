package realbugs

// Receivers that outlive their senders: every sender gives up on a stop
// channel, the receiver does not select on it, and nothing closes the
// channel it waits on.

type message struct{ payload []byte }

// gouroboros478 reconstructs blinklabs-io/gouroboros issue #478
// ("Deadlock in protocol shutdown"): senders queued messages with a select
// on the protocol's done channel, but the loop reading the send queue
// waited on the queue alone, so shutting down with no message pending left
// it blocked forever. The fix also checks done while reading.
type gouroboros478 struct {
	sendQueue chan message
	doneChan  chan struct{}
}

func newGouroboros478() *gouroboros478 {
	p := &gouroboros478{sendQueue: make(chan message), doneChan: make(chan struct{})}
	go p.sendLoop()
	return p
}

func (p *gouroboros478) SendMessage(m message) bool {
	select {
	case p.sendQueue <- m:
		return true
	case <-p.doneChan:
		return false
	}
}

func (p *gouroboros478) sendLoop() {
	for {
		m := <-p.sendQueue // want `receive from p.sendQueue blocks forever once its senders have stopped: every send on p.sendQueue gives up on <-p.doneChan`
		_ = m
	}
}

func (p *gouroboros478) Stop() { close(p.doneChan) }

type gouroboros478Fixed struct {
	sendQueue chan message
	doneChan  chan struct{}
}

func newGouroboros478Fixed() *gouroboros478Fixed {
	p := &gouroboros478Fixed{sendQueue: make(chan message), doneChan: make(chan struct{})}
	go p.sendLoop()
	return p
}

func (p *gouroboros478Fixed) SendMessage(m message) bool {
	select {
	case p.sendQueue <- m:
		return true
	case <-p.doneChan:
		return false
	}
}

func (p *gouroboros478Fixed) sendLoop() {
	for {
		select {
		case m := <-p.sendQueue: // ok: returns on doneChan
			_ = m
		case <-p.doneChan:
			return
		}
	}
}

func (p *gouroboros478Fixed) Stop() { close(p.doneChan) }

type view struct{ data string }

// hcatWatcher8 reconstructs hashicorp/hcat issue #8 ("Goroutine leak in
// watcher Wait/Stop"): Stop shut the watcher's goroutines down, but a
// Wait in progress kept waiting for data that no goroutine would send any
// more. The fix gave the watcher an internal stopped channel for Wait to
// select on.
type hcatWatcher8 struct {
	dataCh  chan view
	stopped chan struct{}
}

func newHcatWatcher8() *hcatWatcher8 {
	w := &hcatWatcher8{dataCh: make(chan view), stopped: make(chan struct{})}
	go w.poll()
	return w
}

func (w *hcatWatcher8) fetch() view { return view{} }

func (w *hcatWatcher8) poll() {
	for {
		select {
		case w.dataCh <- w.fetch():
		case <-w.stopped:
			return
		}
	}
}

func (w *hcatWatcher8) Wait() view {
	return <-w.dataCh // want `receive from w.dataCh blocks forever once its senders have stopped: every send on w.dataCh gives up on <-w.stopped`
}

func (w *hcatWatcher8) Stop() { close(w.stopped) }

type hcatWatcher8Fixed struct {
	dataCh  chan view
	stopped chan struct{}
}

func newHcatWatcher8Fixed() *hcatWatcher8Fixed {
	w := &hcatWatcher8Fixed{dataCh: make(chan view), stopped: make(chan struct{})}
	go w.poll()
	return w
}

func (w *hcatWatcher8Fixed) fetch() view { return view{} }

func (w *hcatWatcher8Fixed) poll() {
	for {
		select {
		case w.dataCh <- w.fetch():
		case <-w.stopped:
			return
		}
	}
}

func (w *hcatWatcher8Fixed) Wait() (view, bool) {
	select {
	case v := <-w.dataCh: // ok: leaves on stopped
		return v, true
	case <-w.stopped:
		return view{}, false
	}
}

func (w *hcatWatcher8Fixed) Stop() { close(w.stopped) }
