package a

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"time"
)

type cache struct {
	stop  chan struct{}
	items map[string]int
	evict chan string
}

// A janitor started per cache, with no way to stop it.
func newCache() *cache {
	c := &cache{items: map[string]int{}}
	go func() { // want `goroutine running the func literal in newCache never ends: its loop waits on t.C and has no return or break, so each call of newCache leaks one goroutine`
		t := time.NewTicker(time.Minute)
		for {
			select {
			case <-t.C:
				c.items = map[string]int{}
			}
		}
	}()
	return c
}

// The fixed janitor returns on c.stop.
func newStoppableCache() *cache {
	c := &cache{items: map[string]int{}, stop: make(chan struct{})}
	go func() { // ok: returns on c.stop
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				c.items = map[string]int{}
			case <-c.stop:
				return
			}
		}
	}()
	return c
}

// A method loop receiving forever.
func (c *cache) evictLoop() {
	for {
		k := <-c.evict
		delete(c.items, k)
	}
}

func (c *cache) Start() {
	go c.evictLoop() // want `goroutine running evictLoop never ends: its loop waits on c.evict`
}

// Exits on ctx.
func (c *cache) evictLoopCtx(ctx context.Context) {
	for {
		select {
		case k := <-c.evict:
			delete(c.items, k)
		case <-ctx.Done():
			return
		}
	}
}

func (c *cache) StartCtx(ctx context.Context) {
	go c.evictLoopCtx(ctx) // ok: returns on ctx.Done()
}

// Exits when the channel is closed.
func (c *cache) StartRange() {
	go func() { // ok: ends when c.evict is closed
		for k := range c.evict {
			delete(c.items, k)
		}
	}()
}

// select {} parks the goroutine forever.
func Park(wg *sync.WaitGroup, parked chan<- struct{}) {
	wg.Go(func() { // want `goroutine running the func literal in Park never ends: its loop waits on nothing`
		parked <- struct{}{}
		select {}
	})
}

// Process-wide housekeeping with no state of its caller: it leaks only if
// its starter runs more than once (containerd's shim frees OS memory this
// way, from a setup function called once).
func setRuntime() {
	go func() { // ok: no per-call state
		for range time.Tick(30 * time.Second) {
			freeOSMemory()
		}
	}()
}

func freeOSMemory() {}

// Started under sync.Once: one per program, by design.
var startOnce sync.Once

func StartGlobal(ch chan int) {
	startOnce.Do(func() {
		go func() { // ok: once per program
			for {
				<-ch
			}
		}()
	})
}

// Started from init: lives as long as the program.
func init() {
	go func() { // ok: init
		for range time.Tick(time.Second) {
		}
	}()
}

// A signal handler lives as long as the program.
func HandleSignals(reload func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() { // ok: serves signals
		for {
			<-sigs
			reload()
		}
	}()
}

// A busy loop without channel waits is not this check's business.
func Spin(f func()) {
	go func() { // ok: does not wait on a channel
		for {
			f()
			time.Sleep(time.Second)
		}
	}()
}

// A panic on a closed channel ends it.
func Watch(ch chan int) {
	go func() { // ok: may panic
		for {
			v, ok := <-ch
			if !ok {
				panic("closed")
			}
			_ = v
		}
	}()
}

// Generic: the started function is an instance of a generic loop.
type relay[T any] struct{ in, out chan T }

func (r *relay[T]) pump() {
	for {
		r.out <- <-r.in
	}
}

func StartRelay[T any](r *relay[T]) {
	go r.pump() // want `goroutine running pump never ends: its loop waits on r.in`
}

// Ticker.Stop does not close t.C: the range never ends.
type refresher struct {
	ticker *time.Ticker
	stop   chan struct{}
}

func (r *refresher) refresh() {}

func StartRefresher() *refresher {
	r := &refresher{ticker: time.NewTicker(time.Second)}
	go func() { // want `goroutine running the func literal in StartRefresher never ends: its loop waits on r.ticker.C`
		for range r.ticker.C {
			r.refresh()
		}
	}()
	return r
}

func (r *refresher) Close() { r.ticker.Stop() }

// The fix: a stop channel next to the ticker.
func StartStoppableRefresher() *refresher {
	r := &refresher{ticker: time.NewTicker(time.Second), stop: make(chan struct{})}
	go func() { // ok: returns on r.stop
		for {
			select {
			case <-r.ticker.C:
				r.refresh()
			case <-r.stop:
				return
			}
		}
	}()
	return r
}

// time.Tick's channel is never closed either.
func Poll(f func()) {
	go func() { // want `goroutine running the func literal in Poll never ends: its loop waits on time.Tick`
		for range time.Tick(time.Second) {
			f()
		}
	}()
}
