package a // want package:`lockorder\(Server.mu->Conn.mu Conn.mu->Server.mu a.muA->a.muB a.muB->a.muA .*\)`

import "sync"

type Server struct {
	mu    sync.Mutex
	conns map[*Conn]bool
}

type Conn struct {
	mu     sync.Mutex
	srv    *Server
	closed bool
}

func (s *Server) CloseConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
}

func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.srv.forget(c) // want `lock order inversion: c.srv.mu \(by the call to \(\*Server\).forget\) is acquired while holding c.mu \(line 25\), and \(\*Server\).CloseConns locks them in the opposite order at line 20`
}

func (s *Server) forget(c *Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

// Package variables, directly.
var (
	muA sync.Mutex
	muB sync.Mutex
)

func ab() {
	muA.Lock()
	muB.Lock() // want `lock order inversion: muB is acquired while holding muA`
	muB.Unlock()
	muA.Unlock()
}

func ba() {
	muB.Lock()
	muA.Lock()
	muA.Unlock()
	muB.Unlock()
}

// Generic type on one side.
type Registry[T any] struct {
	mu    sync.Mutex
	items []T
	idx   *Index
}

type Index struct {
	mu   sync.Mutex
	keys map[string]int
	reg  *Registry[string]
}

func (r *Registry[T]) Add(v T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = append(r.items, v)
	r.idx.mu.Lock()
	r.idx.keys["n"]++
	r.idx.mu.Unlock()
}

func (x *Index) Rebuild() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.reg.mu.Lock() // want `lock order inversion: x.reg.mu is acquired while holding x.mu \(line 80\), and \(\*Registry\[T\]\).Add locks them in the opposite order at line 74`
	x.reg.items = nil
	x.reg.mu.Unlock()
}

// ---- correct look-alikes ----

// Two instances of one type in address order.
type Account struct {
	mu  sync.Mutex
	bal int
	id  int
}

func transfer(from, to *Account, n int) {
	a, b := from, to
	if a.id > b.id {
		a, b = b, a
	}
	a.mu.Lock()
	b.mu.Lock()
	from.bal -= n
	to.bal += n
	b.mu.Unlock()
	a.mu.Unlock()
}

// One order everywhere.
type Pool struct {
	mu    sync.Mutex
	stats Stats
}

type Stats struct {
	mu sync.Mutex
	n  int
}

func (p *Pool) Get() {
	p.mu.Lock()
	p.stats.mu.Lock()
	p.stats.n++
	p.stats.mu.Unlock()
	p.mu.Unlock()
}

func (p *Pool) Put() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.mu.Lock()
	p.stats.n--
	p.stats.mu.Unlock()
}

// The inner lock released before the outer is taken.
func (p *Pool) Report() int {
	p.stats.mu.Lock()
	n := p.stats.n
	p.stats.mu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	return n
}

// Read locks in both orders.
type Config struct {
	mu   sync.RWMutex
	meta *Meta
}

type Meta struct {
	mu  sync.RWMutex
	cfg *Config
}

func (c *Config) Describe() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.meta.mu.RLock()
	c.meta.mu.RUnlock()
}

func (m *Meta) Describe() {
	m.mu.RLock()
	defer m.mu.RUnlock()
	m.cfg.mu.RLock()
	m.cfg.mu.RUnlock()
}

// A goroutine started under the lock does not hold it.
func (p *Pool) Async() {
	p.stats.mu.Lock()
	defer p.stats.mu.Unlock()
	go func() {
		p.mu.Lock()
		p.mu.Unlock()
	}()
}

// The other order only on a path that panics (API misuse).
type Reader struct {
	mu   sync.Mutex
	conn *Conn2
}

type Conn2 struct {
	mu sync.Mutex
	r  *Reader
}

func (c *Conn2) hijacked() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return true
}

func (r *Reader) Read(inRead bool) {
	r.mu.Lock()
	if inRead {
		h := r.conn.hijacked()
		r.mu.Unlock()
		if h {
			panic("read after hijack")
		}
		panic("concurrent read")
	}
	r.mu.Unlock()
}

func (c *Conn2) Hijack() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.r.mu.Lock()
	c.r.mu.Unlock()
}

// A callee that drops the caller's lock before taking the other one.
type Sub struct {
	mu    sync.Mutex
	owner *Owner
}

type Owner struct {
	mu   sync.Mutex
	subs []*Sub
}

func (s *Sub) resetAndUnlock() {
	s.mu.Unlock()
	s.owner.mu.Lock()
	s.owner.mu.Unlock()
}

func (s *Sub) Connect() {
	s.mu.Lock()
	s.resetAndUnlock()
}

func (o *Owner) Update() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range o.subs {
		s.mu.Lock()
		s.mu.Unlock()
	}
}

// A variable reassigned between the lock and the unlock of its mutex: the
// unlock is of the same field through the same variable.
func reassigned(p *Pool, ps []*Pool) {
	q := p
	q.stats.mu.Lock()
	n := q.stats.n
	q.stats.mu.Unlock()
	q = ps[n]
	q.mu.Lock()
	q.mu.Unlock()
	_ = func() { q = nil }
}

// One mutex read on both sides: readers pass each other.
type Hub struct {
	mu    sync.RWMutex
	peers []*Peer
}

type Peer struct {
	mu  sync.Mutex
	hub *Hub
}

func (p *Peer) Announce() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hub.mu.RLock()
	p.hub.mu.RUnlock()
}

func (h *Hub) Stats() {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, p := range h.peers {
		p.mu.Lock()
		p.mu.Unlock()
	}
}

// A lock handed to a goroutine that unlocks it.
type Block struct{ mu sync.Mutex }

type Store struct {
	syncMu sync.Mutex
	blk    *Block
}

func (s *Store) Sync() {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.blk.mu.Lock()
	s.blk.mu.Unlock()
}

func race(s *Store) {
	s.blk.mu.Lock()
	go func() {
		s.blk.mu.Unlock()
	}()
	s.Sync()
}
