package sum

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

// SpawnWG sends from a goroutine started by wg.Go: a spawned send, not an
// escape.
func SpawnWG(ch chan int) { // want SpawnWG:"chanflow\\(p0=sendsInGo\\)"
	var wg sync.WaitGroup
	wg.Go(func() { ch <- 1 })
	wg.Wait()
}

// SpawnEG sends from a goroutine of the caller's errgroup, in a loop.
func SpawnEG(g *errgroup.Group, ch chan int, n int) { // want SpawnEG:"chanflow\\(p1=sendsInGo\\|repeats\\)"
	for i := 0; i < n; i++ {
		g.Go(func() error {
			ch <- i
			return nil
		})
	}
}

// TryEG may start the goroutine, which closes the channel.
func TryEG(g *errgroup.Group, ch chan int) bool { // want TryEG:"chanflow\\(p1=closesInGo\\)"
	return g.TryGo(func() error {
		close(ch)
		return nil
	})
}

// GenEG is a generator whose sender runs in an errgroup.
func GenEG() <-chan int { // want GenEG:"chanflow\\(r0=gen\\(cap 0, sendsInGo\\|closesInGo\\)\\)"
	out := make(chan int)
	var g errgroup.Group
	g.Go(func() error {
		defer close(out)
		out <- 1
		return nil
	})
	return out
}

// Hook hands the closure to a function that may call it anywhere: still
// an escape, not a spawn.
func Hook(ch chan int, register func(func())) { // want Hook:"chanflow\\(p0=escapes\\)"
	register(func() { ch <- 1 })
}
