package cyclecross // want package:`lockorder\(Hub.mu->Sink.mu Sink.mu->Feed.mu Pin.mu->Wire.mu Wire.mu->Board.mu Right.mu->Left.mu\)`

import (
	"sync"

	"cyclelib"
)

type Sink struct {
	mu   sync.Mutex
	feed *cyclelib.Feed
}

// deliver holds the hub's lock and takes the sink's.
func deliver(h *cyclelib.Hub, s *Sink) {
	h.Lock()
	defer h.Unlock()
	s.mu.Lock() // want `lock order cycle Hub.mu -> Sink.mu -> Feed.mu -> Hub.mu: s.mu is acquired while holding h.mu .*, drain takes Feed.mu while holding Sink.mu at line 27, \(\*Feed\).Post takes Hub.mu while holding Feed.mu \(cyclelib.go:19\): three goroutines`
	s.mu.Unlock()
}

// drain holds the sink's lock and touches its feed, which takes the
// feed's lock; cyclelib takes the hub's under the feed's.
func drain(s *Sink) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed.Touch()
}

// Posting to the feed under the sink's lock would take Feed.mu and then
// Hub.mu: the inversion of Hub.mu and Sink.mu, reported as a pair.

// The cycle of cyclelib's package variables involves no edge of this
// package: it is reported there.
func useXY() {
	cyclelib.XY()
	cyclelib.YZ()
	cyclelib.ZX()
}

// Pin -> Wire here, Wire -> Board (read) here, Board (read) -> Pin in
// cyclelib: Board.mu is only read on both sides, so the goroutines on
// those two edges both get it.
type Wire struct {
	mu sync.Mutex
}

func solder(p *cyclelib.Pin, w *Wire) {
	p.Lock()
	defer p.Unlock()
	w.mu.Lock()
	w.mu.Unlock()
}

func probe(w *Wire, b *cyclelib.Board) {
	w.mu.Lock()
	defer w.mu.Unlock()
	b.RLock()
	b.RUnlock()
}

// rewind takes Left under Right: with cyclelib's Left -> Mid -> Right, a
// cycle of three with one edge here.
func rewind(r *cyclelib.Right, l *cyclelib.Left) {
	r.Lock()
	defer r.Unlock()
	l.Lock() // want `lock order cycle Right.mu -> Left.mu -> Mid.mu -> Right.mu: l.mu \(by the call to \(\*cyclelib.Left\).Lock\) is acquired while holding r.mu .*, \(\*Left\).Pull takes Mid.mu while holding Left.mu \(cyclelib.go:\d+\), \(\*Mid\).Pull takes Right.mu while holding Mid.mu \(cyclelib.go:\d+\): three goroutines`
	l.Unlock()
}
