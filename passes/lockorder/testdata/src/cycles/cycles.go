package cycles // want package:`lockorder\(.*\)`

import "sync"

// A three-mutex cycle across three types: a pool hands a job to a worker,
// a worker reports to the scheduler, the scheduler drains the pool. Any
// two of the methods run together are fine; all three can deadlock.
type Pool struct {
	mu     sync.Mutex
	worker *Worker
}

type Worker struct {
	mu    sync.Mutex
	sched *Scheduler
}

type Scheduler struct {
	mu   sync.Mutex
	pool *Pool
}

func (p *Pool) Dispatch() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.worker.assign() // want `lock order cycle Pool.mu -> Worker.mu -> Scheduler.mu -> Pool.mu: p.worker.mu \(by the call to \(\*Worker\).assign\) is acquired while holding p.mu \(line 24\), \(\*Worker\).Report takes Scheduler.mu while holding Worker.mu at line 37, \(\*Scheduler\).Drain takes Pool.mu while holding Scheduler.mu at line 44: three goroutines`
}

func (w *Worker) assign() {
	w.mu.Lock()
	w.mu.Unlock()
}

func (w *Worker) Report() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sched.mu.Lock()
	w.sched.mu.Unlock()
}

func (s *Scheduler) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pool.mu.Lock()
	s.pool.mu.Unlock()
}

// The same three types with the last edge reversed: Pool -> Worker ->
// Scheduler everywhere, and the pool lock taken before the scheduler's.
// There is one order (Pool, Worker, Scheduler): no cycle.
type Pool2 struct {
	mu     sync.Mutex
	worker *Worker2
	sched  *Scheduler2
}

type Worker2 struct {
	mu    sync.Mutex
	sched *Scheduler2
}

type Scheduler2 struct {
	mu sync.Mutex
}

func (p *Pool2) Dispatch() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.worker.mu.Lock()
	p.worker.mu.Unlock()
}

func (w *Worker2) Report() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sched.mu.Lock()
	w.sched.mu.Unlock()
}

func (p *Pool2) Drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sched.mu.Lock()
	p.sched.mu.Unlock()
}

// A cycle among read locks only: readers do not exclude readers, so the
// three goroutines pass each other.
type Index struct {
	mu    sync.RWMutex
	store *Store
}

type Store struct {
	mu    sync.RWMutex
	cache *Cache
}

type Cache struct {
	mu    sync.RWMutex
	index *Index
}

func (i *Index) Get() {
	i.mu.RLock()
	defer i.mu.RUnlock()
	i.store.mu.RLock()
	i.store.mu.RUnlock()
}

func (s *Store) Get() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.cache.mu.RLock()
	s.cache.mu.RUnlock()
}

func (c *Cache) Get() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.index.mu.RLock()
	c.index.mu.RUnlock()
}

// A cycle whose writer edges meet only at reader sides: Table.mu is read
// held by the edge leaving it and read acquired by the edge entering it,
// so the goroutines of those two edges both get it.
type Table struct {
	mu  sync.RWMutex
	log *Log
}

type Log struct {
	mu   sync.Mutex
	snap *Snap
}

type Snap struct {
	mu    sync.Mutex
	table *Table
}

func (t *Table) Append() {
	t.mu.RLock()
	defer t.mu.RUnlock()
	t.log.mu.Lock()
	t.log.mu.Unlock()
}

func (l *Log) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.snap.mu.Lock()
	l.snap.mu.Unlock()
}

func (s *Snap) Take() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.table.mu.RLock()
	s.table.mu.RUnlock()
}

// The same cycle where Table.mu is write-locked when entered: a writer
// waits for the reader, which waits for the log. Reported.
type Table3 struct {
	mu  sync.RWMutex
	log *Log3
}

type Log3 struct {
	mu   sync.Mutex
	snap *Snap3
}

type Snap3 struct {
	mu    sync.Mutex
	table *Table3
}

func (t *Table3) Append() {
	t.mu.RLock()
	defer t.mu.RUnlock()
	t.log.mu.Lock() // want `lock order cycle Table3.mu -> Log3.mu -> Snap3.mu -> Table3.mu`
	t.log.mu.Unlock()
}

func (l *Log3) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.snap.mu.Lock()
	l.snap.mu.Unlock()
}

func (s *Snap3) Take() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.table.mu.Lock()
	s.table.mu.Unlock()
}

// A cycle whose three edges are all taken under one gate: the gate
// serializes them, so no two run together.
var gate sync.Mutex

type G1 struct {
	mu sync.Mutex
	g2 *G2
}

type G2 struct {
	mu sync.Mutex
	g3 *G3
}

type G3 struct {
	mu sync.Mutex
	g1 *G1
}

func (g *G1) Step() {
	gate.Lock()
	defer gate.Unlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.g2.mu.Lock()
	g.g2.mu.Unlock()
}

func (g *G2) Step() {
	gate.Lock()
	defer gate.Unlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.g3.mu.Lock()
	g.g3.mu.Unlock()
}

func (g *G3) Step() {
	gate.Lock()
	defer gate.Unlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.g1.mu.Lock()
	g.g1.mu.Unlock()
}

// A four-mutex cycle through package variables.
var (
	m1, m2, m3, m4 sync.Mutex
)

func step12() {
	m1.Lock()
	m2.Lock() // want `lock order cycle cycles.m1 -> cycles.m2 -> cycles.m3 -> cycles.m4 -> cycles.m1: m2 is acquired while holding m1 .*: four goroutines`
	m2.Unlock()
	m1.Unlock()
}

func step23() {
	m2.Lock()
	m3.Lock()
	m3.Unlock()
	m2.Unlock()
}

func step34() {
	m3.Lock()
	m4.Lock()
	m4.Unlock()
	m3.Unlock()
}

func step41() {
	m4.Lock()
	m1.Lock()
	m1.Unlock()
	m4.Unlock()
}

// A three-mutex cycle one of whose pairs is also inverted directly: the
// pair is the report, the cycle adds nothing.
var n1, n2, n3 sync.Mutex

func n12() {
	n1.Lock()
	n2.Lock() // want `lock order inversion: n2 is acquired while holding n1`
	n2.Unlock()
	n1.Unlock()
}

func n23() {
	n2.Lock()
	n3.Lock()
	n3.Unlock()
	n2.Unlock()
}

func n31() {
	n3.Lock()
	n1.Lock()
	n1.Unlock()
	n3.Unlock()
}

func n21() {
	n2.Lock()
	n1.Lock()
	n1.Unlock()
	n2.Unlock()
}

// A four-mutex cycle with a chord (q1 -> q3): the three-mutex cycle
// q1 -> q3 -> q4 -> q1 is the report, the four-mutex one adds nothing.
var q1, q2, q3, q4 sync.Mutex

func q12() {
	q1.Lock()
	q2.Lock()
	q2.Unlock()
	q1.Unlock()
}

func q23() {
	q2.Lock()
	q3.Lock()
	q3.Unlock()
	q2.Unlock()
}

func q34() {
	q3.Lock()
	q4.Lock() // want `lock order cycle cycles.q3 -> cycles.q4 -> cycles.q1 -> cycles.q3: q4 is acquired while holding q3`
	q4.Unlock()
	q3.Unlock()
}

func q41() {
	q4.Lock()
	q1.Lock()
	q1.Unlock()
	q4.Unlock()
}

func q13() {
	q1.Lock()
	q3.Lock()
	q3.Unlock()
	q1.Unlock()
}

// Two three-mutex cycles through one acquisition: one report, the
// shorter and first, counting the other.
var w1, w2, w3, w4 sync.Mutex

func w12() {
	w1.Lock()
	w2.Lock() // want `lock order cycle cycles.w1 -> cycles.w2 -> cycles.w3 -> cycles.w1: .* \(and one more cycle through this acquisition\)$`
	w2.Unlock()
	w1.Unlock()
}

func w23() {
	w2.Lock()
	w3.Lock()
	w3.Unlock()
	w2.Unlock()
}

func w31() {
	w3.Lock()
	w1.Lock()
	w1.Unlock()
	w3.Unlock()
}

func w24() {
	w2.Lock()
	w4.Lock()
	w4.Unlock()
	w2.Unlock()
}

func w41() {
	w4.Lock()
	w1.Lock()
	w1.Unlock()
	w4.Unlock()
}
