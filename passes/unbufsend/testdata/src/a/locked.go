package a

import "sync"

// Shape 1: a send on a field channel while holding a mutex that every
// receiver must take first.

type watcher struct{ id int }

type broadcaster struct {
	mu   sync.Mutex
	adds chan *watcher
	ws   []*watcher
}

func newBroadcaster() *broadcaster {
	b := &broadcaster{adds: make(chan *watcher)}
	go b.loop()
	return b
}

func (b *broadcaster) loop() {
	for {
		b.mu.Lock()
		w := <-b.adds
		b.ws = append(b.ws, w)
		b.mu.Unlock()
	}
}

func (b *broadcaster) Add(w *watcher) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.adds <- w // want `send on b.adds while holding b.mu blocks forever: its only receivers need b.mu first \(line 24\); release b.mu before sending`
}

// The lock is released before the send.
func (b *broadcaster) AddUnlocked(w *watcher) {
	b.mu.Lock()
	n := len(b.ws)
	b.mu.Unlock()
	_ = n
	b.adds <- w // ok: the lock is released first
}

// The receiver does not take the lock.
type freeReceiver struct {
	mu   sync.Mutex
	adds chan int
	n    int
}

func newFreeReceiver() *freeReceiver {
	f := &freeReceiver{adds: make(chan int)}
	go f.loop()
	return f
}

func (f *freeReceiver) loop() {
	for v := range f.adds {
		f.mu.Lock()
		f.n += v
		f.mu.Unlock()
	}
}

func (f *freeReceiver) Add(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.adds <- v // ok: loop receives before it locks
}

// Both sides take read locks: they do not exclude each other.
type readers struct {
	mu sync.RWMutex
	ch chan int
}

func newReaders() *readers {
	r := &readers{ch: make(chan int)}
	go r.loop()
	return r
}

func (r *readers) loop() {
	for {
		r.mu.RLock()
		<-r.ch
		r.mu.RUnlock()
	}
}

func (r *readers) Put(v int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.ch <- v // ok: two read locks
}
