package spin

import (
	"runtime"
	"sync/atomic"
)

// A lock-free ring: push reserves a slot (reserved++), fills it, then
// publishes it (published++); the two counters differ only while pushes
// are in flight, each a few instructions long.
type ring struct {
	slots     []int64
	reserved  uint32
	published uint32
}

func (r *ring) push(v int64) {
	i := atomic.AddUint32(&r.reserved, 1) - 1
	r.slots[i%uint32(len(r.slots))] = v
	atomic.AddUint32(&r.published, 1)
}

// Ok: waiting, with a yield, for the pushes in flight to publish: the two
// counters converge within a few instructions of each push.
func (r *ring) drainWait() {
	for atomic.LoadUint32(&r.reserved) != atomic.LoadUint32(&r.published) {
		runtime.Gosched()
	}
}

// Without the yield the same wait spins at full speed on one core while
// the pusher it waits for may be descheduled.
func (r *ring) drainSpin() {
	for atomic.LoadUint32(&r.reserved) != atomic.LoadUint32(&r.published) { // want `busy-wait on r.published and r.reserved`
	}
}

// Waiting for the counter to reach a constant is waiting for an event,
// however it is yielded: still reported.
func (r *ring) waitFull() {
	for atomic.LoadUint32(&r.published) < 64 { // want `busy-wait on r.published`
		runtime.Gosched()
	}
}
