//go:build go1.27

package generic

import (
	"context"
	"os"
	"sync"
)

// Each opens every name and passes the file to fn: every file stays open
// until Each returns.
func (p *Pool) Each[T any](fn func(*os.File) T) []T {
	var out []T
	for _, name := range p.names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		out = append(out, fn(f))
	}
	return out
}

// EachClosed is Each done right: each file is closed at the end of its
// iteration.
func (p *Pool) EachClosed[T any](fn func(*os.File) T) []T {
	var out []T
	for _, name := range p.names {
		func() {
			f, err := os.Open(name)
			if err != nil {
				return
			}
			defer f.Close()
			out = append(out, fn(f))
		}()
	}
	return out
}

// First returns the first result of fn over the names, computed in
// parallel; the buffered channel lets the losers finish.
func (p *Pool) First[T any](ctx context.Context, fn func(string) T) T {
	results := make(chan T, len(p.names))
	var wg sync.WaitGroup
	for _, name := range p.names {
		wg.Go(func() { results <- fn(name) })
	}
	select {
	case r := <-results:
		return r
	case <-ctx.Done():
		var zero T
		return zero
	}
}

// Map applies a generic method to a generic method's result.
func (p *Pool) Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// Lengths uses the generic methods.
func Lengths(p *Pool) []int {
	return p.Map(p.names, func(s string) int { return len(s) })
}
