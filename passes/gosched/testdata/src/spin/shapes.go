package spin

import (
	"sync"
	"sync/atomic"
	"time"
)

// Plain reads next to an atomic one are its bounds: the wait is on x.
func waitAll(n int) {
	var x uint32
	for i := 0; i < n; i++ {
		go func() {
			atomic.AddUint32(&x, 1)
			for atomic.LoadUint32(&x) != uint32(n) { // want `busy-wait on x: this loop does nothing but poll x until`
			}
		}()
	}
}

// The default polls a sync.Map: a busy-wait with the select as way out.
func waitKey(m *sync.Map, key string, quit chan struct{}) {
	for { // want `busy-wait on m: when no case of the select at line \d+ is ready this loop only polls m and comes straight back`
		select {
		case <-quit:
			return
		default:
			if _, ok := m.Load(key); ok {
				return
			}
		}
	}
}

// Not a bug: a contention generator locks and unlocks until a deadline.
func contend(mu *sync.Mutex, d time.Duration) {
	start := time.Now()
	for time.Since(start) < d {
		mu.Lock()
		mu.Unlock()
	}
}

// Not a bug: the inner loop does the work; the select only checks for the
// end between rounds.
func divide(stop <-chan time.Time) {
	for {
		for i := 0; i < 100; i++ {
			handle(i)
		}
		select {
		case <-stop:
			return
		default:
		}
	}
}

// Not a bug: a non-blocking send per map entry (os/signal's broadcast).
func broadcast(m map[chan int]bool, v int) {
	for c, want := range m {
		if want {
			select {
			case c <- v:
			default:
			}
		}
	}
}

// Not a bug: draining a stopped timer inside a loop that blocks.
func cleaner(t *time.Timer, wake chan struct{}, d time.Duration) {
	for {
		select {
		case <-t.C:
		case <-wake:
		}
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		t.Reset(d)
	}
}

type raft struct {
	state    int32
	shutdown chan struct{}
}

func (r *raft) getState() int32 { return atomic.LoadInt32(&r.state) }

func (r *raft) follow() {}
func (r *raft) lead()   {}

// Not a bug: after checking for shutdown the loop runs the handler of the
// current state; only an unknown state would come straight back.
func (r *raft) run() {
	for {
		select {
		case <-r.shutdown:
			return
		default:
		}
		switch r.getState() {
		case 0:
			r.follow()
		case 1:
			r.lead()
		}
	}
}
