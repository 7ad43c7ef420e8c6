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
