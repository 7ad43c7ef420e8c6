// Package generics holds spin-waits in generic code.
package generics

import (
	"runtime"
	"sync/atomic"
)

type box[T any] struct {
	v   atomic.Pointer[T]
	set bool
}

// Busy-wait on a typed atomic pointer of a type parameter.
func (b *box[T]) wait() *T {
	for { // want `busy-wait on b.v`
		if p := b.v.Load(); p != nil {
			return p
		}
		runtime.Gosched()
	}
}

// A racy field of a generic struct.
func (b *box[T]) waitSet() {
	for !b.set { // want `spin-wait on b.set`
	}
}

// Not a bug: a generic CAS loop.
func update[T any](p *atomic.Pointer[T], f func(*T) *T) {
	for {
		old := p.Load()
		if p.CompareAndSwap(old, f(old)) {
			return
		}
	}
}

// Not a bug: a bounded loop over a generic slice.
func find[T comparable](xs []T, x T) int {
	for i := 0; i < len(xs); i++ {
		if xs[i] == x {
			return i
		}
	}
	return -1
}

// Instantiations are analysed through their generic body only.
var _ = update[int]
var _ = (&box[string]{}).wait

func use[T any](T) {}

// A select with an empty default on a channel of a type parameter.
func poll[T any](ch chan T) {
	for { // want `busy loop: when no case of the select at line \d+ is ready its default does nothing`
		select {
		case v := <-ch:
			use(v)
		default:
		}
	}
}

// Not a bug: a blocking receive on a generic channel.
func drain[T any](ch chan T) {
	for v := range ch {
		use(v)
	}
}

// A predicate method of a generic type that only reads atomically.
type flag[T any] struct{ set atomic.Bool }

func (f *flag[T]) isSet() bool { return f.set.Load() }

func waitFlag[T any](f *flag[T]) {
	for !f.isSet() { // want `busy-wait on f.isSet\(\)`
		runtime.Gosched()
	}
}
