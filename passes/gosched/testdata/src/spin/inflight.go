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

type batch struct{ n int }

// A commit queue whose slots are released by the consumer a few
// instructions after it takes them.
type commitQueue struct {
	head  atomic.Uint32
	slots [16]atomic.Pointer[batch]
}

// Ok: waiting, with a yield, for a ring slot still being released.
func (q *commitQueue) enqueue(b *batch) {
	slot := &q.slots[q.head.Load()%16]
	for slot.Load() != nil {
		runtime.Gosched()
	}
	slot.Store(b)
	q.head.Add(1)
}

type pipeline struct {
	next    atomic.Uint64
	visible atomic.Uint64
}

// Ok: waiting for the writes sequenced before ours to become visible: our
// sequence number was reserved atomically, the earlier writers are in
// flight.
func (p *pipeline) ingest(n uint64) {
	seq := p.next.Add(n) - n
	for p.visible.Load() != seq {
		runtime.Gosched()
	}
	p.visible.Store(seq + n)
}

// Waiting until a count reaches a number the caller chose is waiting for
// an event (the workers finishing), however it yields.
func waitWorkers(done *atomic.Int32, total int) {
	for done.Load() < int32(total) { // want `busy-wait on done`
		runtime.Gosched()
	}
}
