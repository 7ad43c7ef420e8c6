// Package helpers holds functions whose callers' closures run later; the
// analyzer learns it through facts.
package helpers

// Spawn runs f in a new goroutine.
func Spawn(f func()) { // want Spawn:"runsLater\\(0x1\\)"
	go f()
}

// A Pool queues work for its workers.
type Pool struct {
	queue chan func()
	hooks []func()
}

// Submit hands f to a worker.
func (p *Pool) Submit(f func()) { // want Submit:"runsLater\\(0x2\\)"
	p.queue <- f
}

// OnClose keeps f until Close.
func (p *Pool) OnClose(f func()) { // want OnClose:"runsLater\\(0x2\\)"
	p.hooks = append(p.hooks, f)
}

// Do runs f and waits for it.
func Do(f func()) {
	done := make(chan bool)
	go func() {
		f()
		done <- true
	}()
	<-done
}

// Run calls f synchronously.
func Run(f func()) { f() }

// SpawnWait starts f and waits for it before returning.
func SpawnWait(f func(), done chan bool) {
	go f()
	<-done
}
