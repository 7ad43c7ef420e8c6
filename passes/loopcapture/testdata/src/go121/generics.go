//go:build go1.21

package go121

// The loop variable has a type parameter's type.
func genericRange[T any](xs []T, sink func(T)) {
	for _, x := range xs {
		go func() {
			sink(x) // want `loop variable x is captured by the goroutine`
		}()
	}
}

// A generic Go method, errgroup-style.
type Pool[T any] struct{}

func (p *Pool[T]) Go(f func() T) {}

func genericPool(p *Pool[int], xs []int) {
	for _, x := range xs {
		p.Go(func() int {
			return x // want `loop variable x is captured by the func passed to Pool.Go`
		})
	}
}

func genericCopyOk[T any](xs []T, sink func(T)) {
	for _, x := range xs {
		x := x
		go func() {
			sink(x)
		}()
	}
}
