package realbugs

import (
	"sync"
	"time"
)

// Sends under a lock the receiving loop needs.

// sensuMonitor1264 reconstructs sensu/sensu-go issue #1264 (fixed by PR
// #1265): reset sent on the monitor's reset channel while holding the
// monitor's mutex (held to guard against sending on a closed channel);
// the monitor's loop, when its timer fired first, took the same mutex and
// so never came back to receive the reset. The fix gave the reset channel
// a buffer.
type sensuMonitor1264 struct {
	mu        sync.Mutex
	stopped   bool
	failing   bool
	resetChan chan struct{}
	stop      chan struct{}
}

func newSensuMonitor1264(d time.Duration) *sensuMonitor1264 {
	m := &sensuMonitor1264{resetChan: make(chan struct{}), stop: make(chan struct{})}
	go m.loop(d)
	return m
}

func (m *sensuMonitor1264) loop(d time.Duration) {
	timer := time.NewTimer(d)
	for {
		select {
		case <-m.resetChan:
			timer.Reset(d)
		case <-timer.C:
			m.mu.Lock()
			m.failing = true
			m.mu.Unlock()
		case <-m.stop:
			return
		}
	}
}

func (m *sensuMonitor1264) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.resetChan <- struct{}{} // want `send on m.resetChan while holding m.mu can block forever: the loop receiving from m.resetChan takes m.mu in another case of its select`
}

// sensuMonitor1264Fixed: the reset channel has room for the one pending
// reset, so the send does not wait for the loop.
type sensuMonitor1264Fixed struct {
	mu        sync.Mutex
	stopped   bool
	failing   bool
	resetChan chan struct{}
	stop      chan struct{}
}

func newSensuMonitor1264Fixed(d time.Duration) *sensuMonitor1264Fixed {
	m := &sensuMonitor1264Fixed{resetChan: make(chan struct{}, 1), stop: make(chan struct{})}
	go m.loop(d)
	return m
}

func (m *sensuMonitor1264Fixed) loop(d time.Duration) {
	timer := time.NewTimer(d)
	for {
		select {
		case <-m.resetChan:
			timer.Reset(d)
		case <-timer.C:
			m.mu.Lock()
			m.failing = true
			m.mu.Unlock()
		case <-m.stop:
			return
		}
	}
}

func (m *sensuMonitor1264Fixed) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.resetChan <- struct{}{} // ok: buffered
}
