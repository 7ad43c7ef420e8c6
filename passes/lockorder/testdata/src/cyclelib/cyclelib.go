package cyclelib // want package:`lockorder\(Feed.mu->Hub.mu cyclelib.x->cyclelib.y cyclelib.y->cyclelib.z cyclelib.z->cyclelib.x Board.mu->Pin.mu Left.mu->Mid.mu Mid.mu->Right.mu\)`

import "sync"

type Hub struct {
	mu sync.Mutex
}

type Feed struct {
	mu  sync.Mutex
	hub *Hub
}

// Post holds the feed's lock and takes the hub's: one edge of a cycle
// closed by an importer.
func (f *Feed) Post() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hub.mu.Lock()
	f.hub.mu.Unlock()
}

// Touch takes only the feed's lock.
func (f *Feed) Touch() {
	f.mu.Lock()
	f.mu.Unlock()
}

func (h *Hub) Lock()   { h.mu.Lock() }
func (h *Hub) Unlock() { h.mu.Unlock() }

// A cycle complete in this package: reported here, not again by importers.
var x, y, z sync.Mutex

func XY() {
	x.Lock()
	y.Lock() // want `lock order cycle cyclelib.x -> cyclelib.y -> cyclelib.z -> cyclelib.x`
	y.Unlock()
	x.Unlock()
}

func YZ() {
	y.Lock()
	z.Lock()
	z.Unlock()
	y.Unlock()
}

func ZX() {
	z.Lock()
	x.Lock()
	x.Unlock()
	z.Unlock()
}

// Board reads its state under a read lock and takes a pin's lock: an edge
// whose Board.mu side is a reader, as the fact records.
type Board struct {
	mu  sync.RWMutex
	pin *Pin
}

type Pin struct {
	mu sync.Mutex
}

func (b *Board) Scan() {
	b.mu.RLock()
	defer b.mu.RUnlock()
	b.pin.mu.Lock()
	b.pin.mu.Unlock()
}

func (p *Pin) Lock()   { p.mu.Lock() }
func (p *Pin) Unlock() { p.mu.Unlock() }

func (b *Board) RLock()   { b.mu.RLock() }
func (b *Board) RUnlock() { b.mu.RUnlock() }

// Left -> Mid -> Right here; an importer taking Left under Right closes
// the cycle with one edge of its own.
type Left struct {
	mu  sync.Mutex
	mid *Mid
}

type Mid struct {
	mu    sync.Mutex
	right *Right
}

type Right struct {
	mu sync.Mutex
}

func (l *Left) Pull() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.mid.mu.Lock()
	l.mid.mu.Unlock()
}

func (m *Mid) Pull() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.right.mu.Lock()
	m.right.mu.Unlock()
}

func (l *Left) Lock()    { l.mu.Lock() }
func (l *Left) Unlock()  { l.mu.Unlock() }
func (r *Right) Lock()   { r.mu.Lock() }
func (r *Right) Unlock() { r.mu.Unlock() }
