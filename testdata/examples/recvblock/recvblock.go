// Package recvblock shows a worker pool whose workers never end: nothing
// closes the jobs channel they range over.
package recvblock

import "sync"

// Pool runs jobs on a fixed number of workers.
type Pool struct {
	jobs chan func()
	wg   sync.WaitGroup
}

// NewPool starts n workers.
func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func())}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for job := range p.jobs {
		job()
	}
}

// Submit hands a job to a worker.
func (p *Pool) Submit(job func()) { p.jobs <- job }

// Wait waits for the workers, which never return: Wait blocks forever.
func (p *Pool) Wait() { p.wg.Wait() }
