package a

import (
	"errors"
	"sync"
)

func run(int) {}

// Add inside the goroutine (literal).
func literal(jobs []int) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		go func() {
			wg.Add(1) // want `wg.Add is called inside the goroutine it counts: the Wait at line 20`
			defer wg.Done()
			run(j)
		}()
	}
	wg.Wait()
}

// Add inside a method started with go; Wait in another method.
type Server struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	cond *sync.Cond
	q    []int
}

func (s *Server) Start() {
	go s.loop()
}

func (s *Server) loop() {
	s.wg.Add(1) // want `s.wg.Add is called inside the goroutine it counts: the Wait at line 41`
	defer s.wg.Done()
}

func (s *Server) Stop() {
	s.wg.Wait()
}

// Add after the go statement.
func worker(wg *sync.WaitGroup) {
	defer wg.Done()
}

func addAfter() {
	var wg sync.WaitGroup
	go worker(&wg)
	wg.Add(1) // want `wg.Add runs after the go statement at line 51 whose goroutine calls wg.Done`
	wg.Wait()
}

// Early return skips Done.
func prepare() error { return errors.New("x") }

func missingDone() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if err := prepare(); err != nil {
			return // want `the goroutine started at line 62 can return here without calling wg.Done: the Wait at line 69 then blocks forever`
		}
		defer wg.Done()
		run(1)
	}()
	wg.Wait()
}

// Wait inside the loop that starts the goroutines.
func waitInLoop(jobs []int) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			run(j)
		}()
		wg.Wait() // want `wg.Wait inside the loop that starts the goroutines calling wg.Done`
	}
}

// Cond never signalled.
type Queue struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

func NewQueue() *Queue {
	q := &Queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.ready.Wait() // want `q.ready.Wait can never return: nothing calls q.ready.Signal or q.ready.Broadcast`
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func (q *Queue) Push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
}

// ---- correct look-alikes ----

func literalOK(jobs []int) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(j)
		}()
	}
	wg.Wait()
}

func goOK(jobs []int) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { run(j) })
	}
	wg.Wait()
}

func addBeforeOK() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg)
	wg.Wait()
}

func doneFirstOK() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := prepare(); err != nil {
			return
		}
		run(1)
	}()
	wg.Wait()
}

// The goroutine hands wg to a helper that calls Done.
func handOffOK() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if err := prepare(); err != nil {
			worker(&wg)
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

// Add inside a goroutine that nobody waits for after it starts: a
// goroutine that adds for the work it spawns itself.
func nested(jobs []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				run(j)
			}()
		}
	}()
	wg.Wait()
}

// Wait in a loop that Adds each iteration: serial, not stuck.
func serialOK(jobs []int) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(j)
		}()
		wg.Wait()
	}
}

// Cond signalled elsewhere.
type Queue2 struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

func (q *Queue2) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.ready.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func (q *Queue2) Push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.ready.Signal()
}

// Exported cond field: other packages may signal it.
type Gate struct {
	mu   sync.Mutex
	Cond *sync.Cond
	open bool
}

func (g *Gate) Wait() {
	g.mu.Lock()
	for !g.open {
		g.Cond.Wait()
	}
	g.mu.Unlock()
}

// Done per item: the count is of items, not goroutines.
func perItem(items []int, workers int) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	ch := make(chan int)
	for i := 0; i < workers; i++ {
		go func() {
			for it := range ch {
				if it < 0 {
					wg.Done()
					continue
				}
				run(it)
				wg.Done()
			}
		}()
	}
	for _, it := range items {
		ch <- it
	}
	wg.Wait()
	close(ch)
}

// Done only when a WaitGroup is given.
func maybeWG(wg *sync.WaitGroup) {
	if wg != nil {
		defer wg.Done()
	}
	run(1)
}

func callsMaybe() {
	var wg sync.WaitGroup
	wg.Add(1)
	go maybeWG(&wg)
	wg.Wait()
}

// Generic pool: Add inside the goroutine of a generic method.
type Pool[T any] struct {
	wg    sync.WaitGroup
	items []T
}

func (p *Pool[T]) Start(f func(T)) {
	for _, it := range p.items {
		go func() {
			p.wg.Add(1) // want `p.wg.Add is called inside the goroutine it counts`
			defer p.wg.Done()
			f(it)
		}()
	}
	p.wg.Wait()
}

func (p *Pool[T]) StartOK(f func(T)) {
	for _, it := range p.items {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			f(it)
		}()
	}
	p.wg.Wait()
}

// The goroutine signals after its Add, and the Wait comes after that
// signal: ordered.
func signalled(jobs []int) {
	var wg sync.WaitGroup
	ready := make(chan bool)
	go func() {
		wg.Add(1)
		ready <- true
		defer wg.Done()
		run(1)
	}()
	<-ready
	wg.Wait()
}

// The Add counts the goroutine this one starts next.
func spawner(jobs []int) {
	var wg sync.WaitGroup
	go func() {
		for _, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				run(j)
			}()
		}
	}()
	wg.Wait()
}

// A loop that only ends when a ticker stops: the return after it is not
// an early return.
func ticking(ch <-chan int, stop chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for v := range ch {
			select {
			case <-stop:
				wg.Done()
				return
			default:
			}
			run(v)
		}
	}()
	wg.Wait()
}

// Done per item received; each Add precedes the send of its item.
func perItemAfterGo(items []int) {
	var wg sync.WaitGroup
	ch := make(chan int)
	go func() {
		for v := range ch {
			run(v)
			wg.Done()
		}
	}()
	for _, it := range items {
		wg.Add(1)
		ch <- it
	}
	wg.Wait()
	close(ch)
}
