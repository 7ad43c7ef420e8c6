package realbugs

import (
	"context"
	"sync"
	"time"
)

// Ticker loops: Ticker.Stop stops the ticks but does not close t.C, so a
// goroutine ranging over it, or selecting on it alone, never returns. Each
// object that starts one leaves a goroutine behind when it is discarded.

type check struct{ name string }

// goHealth35 reconstructs InVisionApp/go-health PR #35: the checker
// started one goroutine per check that ranged over the check's ticker;
// Stop stopped the tickers, which does not end the range.
type goHealth35 struct {
	mu      sync.Mutex
	tickers map[string]*time.Ticker
	states  map[string]bool
}

func (h *goHealth35) run(c check) bool { return c.name != "" }

func (h *goHealth35) Start(checks []check) {
	for _, c := range checks {
		t := time.NewTicker(time.Second)
		h.tickers[c.name] = t
		go func() { // want `goroutine running the func literal in Start never ends: its loop waits on t.C`
			for range t.C {
				ok := h.run(c)
				h.mu.Lock()
				h.states[c.name] = ok
				h.mu.Unlock()
			}
		}()
	}
}

func (h *goHealth35) Stop() {
	for _, t := range h.tickers {
		t.Stop()
	}
}

// goHealth35Fixed: the fix gives every checker a stop channel that Stop
// closes.
type goHealth35Fixed struct {
	mu     sync.Mutex
	stop   chan struct{}
	states map[string]bool
}

func (h *goHealth35Fixed) run(c check) bool { return c.name != "" }

func (h *goHealth35Fixed) Start(checks []check) {
	h.stop = make(chan struct{})
	for _, c := range checks {
		go func() { // ok: returns on h.stop
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					ok := h.run(c)
					h.mu.Lock()
					h.states[c.name] = ok
					h.mu.Unlock()
				case <-h.stop:
					return
				}
			}
		}()
	}
}

func (h *goHealth35Fixed) Stop() { close(h.stop) }

// rethinkNode178 reconstructs rethinkdb/rethinkdb-go PR #178: every node
// of a session started a refresh goroutine ranging over the node's
// ticker; closing the node stopped the ticker, and the goroutines piled up
// with each new session.
type rethinkNode178 struct {
	refreshTicker *time.Ticker
}

func (n *rethinkNode178) refresh() {}

func newRethinkNode178() *rethinkNode178 {
	n := &rethinkNode178{refreshTicker: time.NewTicker(time.Second)}
	go n.refreshLoop() // want `goroutine running refreshLoop never ends: its loop waits on n.refreshTicker.C`
	return n
}

func (n *rethinkNode178) refreshLoop() {
	for range n.refreshTicker.C {
		n.refresh()
	}
}

func (n *rethinkNode178) Close() { n.refreshTicker.Stop() }

// rethinkNode178Fixed: the fix replaced the ticker field by a done
// channel that Close closes.
type rethinkNode178Fixed struct {
	refreshDone chan struct{}
}

func (n *rethinkNode178Fixed) refresh() {}

func newRethinkNode178Fixed() *rethinkNode178Fixed {
	n := &rethinkNode178Fixed{refreshDone: make(chan struct{})}
	go n.refreshLoop() // ok: returns on n.refreshDone
	return n
}

func (n *rethinkNode178Fixed) refreshLoop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			n.refresh()
		case <-n.refreshDone:
			return
		}
	}
}

func (n *rethinkNode178Fixed) Close() { close(n.refreshDone) }

// flamingoLocker290 reconstructs i-love-flamingo/flamingo-commerce PR
// #290: the redis locker kept each held lock alive from a goroutine that
// ranged over a ticker; unlocking stopped the ticker, "so all routines
// with that range were running forever".
type flamingoLocker290 struct{}

func (l *flamingoLocker290) extend(key string) {}

func (l *flamingoLocker290) Lock(key string) (unlock func()) {
	t := time.NewTicker(time.Second)
	go func() { // want `goroutine running the func literal in Lock never ends: its loop waits on t.C`
		for range t.C {
			l.extend(key)
		}
	}()
	return t.Stop
}

// flamingoLocker290Fixed: unlocking closes a done channel the refresher
// selects on.
func (l *flamingoLocker290) LockFixed(key string) (unlock func()) {
	t := time.NewTicker(time.Second)
	done := make(chan struct{})
	go func() { // ok: returns on done
		defer t.Stop()
		for {
			select {
			case <-t.C:
				l.extend(key)
			case <-done:
				return
			}
		}
	}()
	return func() { close(done) }
}

// speedtest142 reconstructs showwin/speedtest-go PR #142: the rate
// sampling of a test ran in a goroutine ticking forever; a program using
// the package as a library (telegraf's plugin) leaked one per test.
type speedtest142 struct {
	mu      sync.Mutex
	samples []int64
	total   int64
}

func (s *speedtest142) sample() {
	s.mu.Lock()
	s.samples = append(s.samples, s.total)
	s.mu.Unlock()
}

func (s *speedtest142) StartSampling() {
	go func() { // want `goroutine running the func literal in StartSampling never ends: its loop waits on t.C`
		t := time.NewTicker(100 * time.Millisecond)
		for {
			select {
			case <-t.C:
				s.sample()
			}
		}
	}()
}

// speedtest142Fixed: the sampler ends with the test's context.
func (s *speedtest142) StartSamplingFixed(ctx context.Context) {
	go func() { // ok: returns on ctx.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				s.sample()
			case <-ctx.Done():
				return
			}
		}
	}()
}

// gvisorEvents2762 is google/gvisor PR #2762, closed unmerged: it reported
// a leak in a memory-events loop, and the maintainers explained there was
// none. The loop returns on m.stop, which Stop closes; a receive from a
// closed channel never blocks. Silent.
type gvisorEvents2762 struct {
	stop chan struct{}
}

func (m *gvisorEvents2762) emit() {}

func (m *gvisorEvents2762) Start() {
	m.stop = make(chan struct{})
	go m.run() // ok: returns on m.stop
}

func (m *gvisorEvents2762) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.emit()
		}
	}
}

func (m *gvisorEvents2762) Stop() { close(m.stop) }
