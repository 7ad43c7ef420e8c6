package a

import (
	"os"
	"os/signal"
	"sync"
)

// Shape 7: for range over a channel that nothing closes.

type pool struct {
	jobs chan job
	wg   sync.WaitGroup
}

func newPool(n int) *pool {
	p := &pool{jobs: make(chan job)}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

func (p *pool) worker() {
	defer p.wg.Done()
	for j := range p.jobs { // want `for range over p.jobs never ends: nothing in this package closes p.jobs`
		j.run()
	}
}

func (p *pool) Submit(j job) { p.jobs <- j }

// Shutdown waits for workers that never return.
func (p *pool) Shutdown() { p.wg.Wait() }

// The fixed pool closes jobs before waiting.
type closedPool struct {
	jobs chan job
	wg   sync.WaitGroup
}

func newClosedPool(n int) *closedPool {
	p := &closedPool{jobs: make(chan job)}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

func (p *closedPool) worker() {
	defer p.wg.Done()
	for j := range p.jobs { // ok: Shutdown closes it
		j.run()
	}
}

func (p *closedPool) Submit(j job) { p.jobs <- j }

func (p *closedPool) Shutdown() {
	close(p.jobs)
	p.wg.Wait()
}

// The loop can also return: it does not rely on close alone.
type stoppable struct {
	jobs chan job
}

func newStoppable() *stoppable { return &stoppable{jobs: make(chan job)} }

func (s *stoppable) loop() {
	for j := range s.jobs { // ok: a nil run func ends it
		if j.run == nil {
			return
		}
		j.run()
	}
}

func (s *stoppable) Start()       { go s.loop() }
func (s *stoppable) Submit(j job) { s.jobs <- j }

// Local: the producer returns without closing.
func sumAll(xs []int) int {
	ch := make(chan int)
	res := make(chan int, 1)
	go func() {
		total := 0
		for v := range ch { // want `for range over ch never ends: nothing closes ch`
			total += v
		}
		res <- total
	}()
	for _, x := range xs {
		ch <- x
	}
	return 0
}

func sumAllFixed(xs []int) int {
	ch := make(chan int)
	res := make(chan int, 1)
	go func() {
		total := 0
		for v := range ch { // ok: closed after the last send
			total += v
		}
		res <- total
	}()
	for _, x := range xs {
		ch <- x
	}
	close(ch)
	return <-res
}

// The workers' owner never closes after Wait.
func fanIn(inputs []chan int) []int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range in {
				out <- v
			}
		}()
	}
	var got []int
	go func() { wg.Wait() }() // forgot close(out)
	for v := range out {      // want `for range over out never ends: nothing closes out`
		got = append(got, v)
	}
	return got
}

func fanInFixed(inputs []chan int) []int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range in {
				out <- v
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var got []int
	for v := range out { // ok: closed after Wait
		got = append(got, v)
	}
	return got
}

// A loop that breaks after a count: it does not need the close.
func firstN(n int) []int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	var got []int
	for v := range ch { // ok: leaves by break
		got = append(got, v)
		if len(got) == n {
			break
		}
	}
	return got
}

// A signal subscription: the runtime keeps sending; the handler lives as
// long as the program (containerd's ctr resizes the console this way).
func handleResize(resize func()) {
	s := make(chan os.Signal, 16)
	signal.Notify(s, os.Interrupt)
	go func() {
		for range s { // ok: a signal channel
			resize()
		}
	}()
}
