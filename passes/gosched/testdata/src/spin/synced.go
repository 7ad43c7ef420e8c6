package spin

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

var flag int32

// An atomic load is correct, but the loop burns a core.
func waitAtomic() {
	for atomic.LoadInt32(&flag) == 0 { // want `busy-wait on flag: this loop does nothing but poll flag and yield until another goroutine changes it, burning a CPU core`
		runtime.Gosched()
	}
}

type worker struct {
	running atomic.Bool
	mu      sync.Mutex
	done    bool
	ch      chan int
}

// A typed atomic.
func (w *worker) waitStop() {
	for w.running.Load() { // want `busy-wait on w.running: this loop does nothing but poll w.running until`
	}
}

// Reading under a mutex is not a race, but still a busy-wait.
func (w *worker) waitLocked() {
	for { // want `busy-wait on w.done: this loop does nothing but poll w.done under a mutex until`
		w.mu.Lock()
		d := w.done
		w.mu.Unlock()
		if d {
			return
		}
	}
}

// Polling the length of a channel.
func (w *worker) waitQueued() {
	for len(w.ch) == 0 { // want `busy-wait on len\(w.ch\).*; receive from the channel instead`
		runtime.Gosched()
	}
}

// Polling ctx.Err instead of receiving from ctx.Done.
func waitCtx(ctx context.Context) {
	for ctx.Err() == nil { // want `busy-wait on ctx.Err\(\).*; receive from ctx.Done\(\) instead`
	}
}

// Not a bug: a compare-and-swap retry loop retries on contention.
func casIncrement(p *int64) {
	for {
		old := atomic.LoadInt64(p)
		if atomic.CompareAndSwapInt64(p, old, old+1) {
			return
		}
	}
}

// Not a bug: a CAS spin lock with Gosched is still a CAS loop.
func spinLock(l *int32) {
	for !atomic.CompareAndSwapInt32(l, 0, 1) {
		runtime.Gosched()
	}
}

// Not a bug: the loop does work when it finds the flag unset.
func (w *worker) storeUntil() {
	for !w.running.Load() {
		w.running.Store(true)
	}
}

// Not a bug: waiting on a condition variable blocks.
func waitCond(mu *sync.Mutex, c *sync.Cond, ready *bool) {
	mu.Lock()
	for !*ready {
		c.Wait()
	}
	mu.Unlock()
}

// ctx.Err() from a local context is named as written.
func waitLocalCtx() {
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	for ctx.Err() == nil { // want `busy-wait on ctx.Err\(\).*receive from ctx.Done\(\) instead`
	}
}
