package a

import (
	"context"
	"sync"
)

// An unguarded Stop, called by the package more than once on one value.

type ticker struct {
	stopc chan struct{}
}

func newTicker() *ticker { return &ticker{stopc: make(chan struct{})} }

// Stop closes stopc with no guard. On its own that is not a finding:
// callers may call it once.
func (t *ticker) Stop() { // want Stop:`closes p0.0`
	close(t.stopc)
}

// Two calls on one path.
func useTickerTwice() {
	t := newTicker()
	t.Stop()
	t.Stop() // want `close of t.stopc panics: t.stopc is already closed at line 25 on this path`
}

// Deferred and explicit.
func useTickerDeferred(fail bool) {
	t := newTicker()
	defer t.Stop()
	if fail {
		t.Stop() // want `t.stopc is closed here and again by the deferred close at line 32 when the function returns`
	}
}

// OK: exclusive paths.
func useTickerOnce(fail bool) {
	t := newTicker()
	if fail {
		t.Stop()
		return
	}
	t.Stop()
}

// A goroutine calls Stop on cancellation; the parent too.
func useTickerGoroutineAndParent(ctx context.Context) {
	t := newTicker()
	go func() {
		<-ctx.Done()
		t.Stop()
	}()
	t.Stop() // want `close of t.stopc panics: t.stopc is also closed by the goroutine started at line 51`
}

// Two goroutines each call Stop.
func useTickerTwoGoroutines(ctx context.Context, errc chan error) {
	t := newTicker()
	go func() {
		<-ctx.Done()
		t.Stop()
	}()
	go func() { // want `close of t.stopc panics: t.stopc is also closed by the goroutine started at line 61`
		<-errc
		t.Stop()
	}()
}

// A goroutine started in a loop calls Stop.
func useTickerLoop(n int) {
	t := newTicker()
	for i := 0; i < n; i++ {
		go func() { t.Stop() }() // want `close of t.stopc runs in every goroutine started at line 75 in a loop`
	}
}

// Methods of the owner: a watcher goroutine and Close both shut down.
type owner struct {
	quitc chan struct{}
	errc  chan error
}

func newOwner() *owner {
	o := &owner{quitc: make(chan struct{}), errc: make(chan error)}
	go o.watch()
	return o
}

func (o *owner) watch() { // want watch:`closes p0.0`
	<-o.errc
	o.shutdown()
}

func (o *owner) shutdown() { // want shutdown:`closes p0.0`
	close(o.quitc)
}

func (o *owner) Close() { // want Close:`closes p0.0`
	o.shutdown() // want `close of o.quitc \(through shutdown\) panics once watch has returned: the goroutine running watch closes it too \(line 93\)`
}

// A goroutine's loop shuts down after one select case, and returns
// without closing on another; Close shuts down too. Once the loop has
// left on ctx.Done(), Close panics.
type looper struct {
	quitc chan struct{}
	in    chan int
}

func newLooper(ctx context.Context) *looper {
	l := &looper{quitc: make(chan struct{}), in: make(chan int)}
	go l.loop(ctx)
	return l
}

func (l *looper) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			l.shutdown()
			return
		case v, ok := <-l.in:
			if !ok {
				return
			}
			_ = v
		}
	}
}

func (l *looper) shutdown() { // want shutdown:`closes p0.0`
	close(l.quitc)
}

func (l *looper) Close() { // want Close:`closes p0.0`
	l.shutdown() // want `close of l.quitc \(through shutdown\) panics if loop has left through its select at line 120: the goroutine running loop closes it there too \(line 122\)`
}

// The fix: the loop closes, Close only asks it to stop and waits.
type waitLooper struct {
	quitc chan struct{}
	stopc chan struct{}
}

func newWaitLooper(ctx context.Context) *waitLooper {
	l := &waitLooper{quitc: make(chan struct{}), stopc: make(chan struct{})}
	go l.loop(ctx)
	return l
}

func (l *waitLooper) loop(ctx context.Context) { // want loop:`closes p0.0`
	for {
		select {
		case <-ctx.Done():
			close(l.quitc)
			return
		case <-l.stopc:
			close(l.quitc)
			return
		}
	}
}

func (l *waitLooper) Close() { // want Close:`closes p0.1`
	close(l.stopc)
	<-l.quitc
}

// OK: the goroutine closes after its select only when a flag says
// nobody else has.
type flagLooper struct {
	mu     sync.Mutex
	closed bool
	quitc  chan struct{}
}

func newFlagLooper(ctx context.Context) *flagLooper {
	l := &flagLooper{quitc: make(chan struct{})}
	go l.loop(ctx)
	return l
}

func (l *flagLooper) loop(ctx context.Context) {
	select {
	case <-ctx.Done():
		l.mu.Lock()
		if !l.closed {
			l.closed = true
			close(l.quitc)
		}
		l.mu.Unlock()
	}
}

func (l *flagLooper) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.closed = true
		close(l.quitc)
	}
}

// OK: the goroutine's case is the channel itself (it saw it closed).
type idiomLooper struct {
	quitc chan struct{}
	in    chan int
}

func newIdiomLooper() *idiomLooper {
	l := &idiomLooper{quitc: make(chan struct{}), in: make(chan int)}
	go l.loop()
	return l
}

func (l *idiomLooper) loop() {
	for {
		select {
		case <-l.quitc:
			return
		case <-l.in:
		default:
			close(l.quitc)
		}
	}
}

func (l *idiomLooper) Close() { // want Close:`closes p0.0`
	close(l.quitc)
}

// Guards: once, flag, select idiom.
type guarded struct {
	mu     sync.Mutex
	closed bool
	once   sync.Once
	stopc  chan struct{}
}

func (g *guarded) StopOnce() { g.once.Do(func() { close(g.stopc) }) }

func (g *guarded) StopFlag() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return
	}
	g.closed = true
	close(g.stopc)
}

func (g *guarded) StopSelect() {
	select {
	case <-g.stopc:
	default:
		close(g.stopc)
	}
}

func useGuarded(ctx context.Context) {
	g := &guarded{stopc: make(chan struct{})}
	go func() { <-ctx.Done(); g.StopOnce(); g.StopFlag(); g.StopSelect() }()
	g.StopOnce()
	g.StopOnce()
	g.StopFlag()
	g.StopFlag()
	g.StopSelect()
	g.StopSelect()
}

// Generic: the same looper over any element type.
type genLooper[T any] struct {
	quitc chan struct{}
	in    chan T
}

func newGenLooper[T any](ctx context.Context) *genLooper[T] {
	l := &genLooper[T]{quitc: make(chan struct{}), in: make(chan T)}
	go l.loop(ctx)
	return l
}

func (l *genLooper[T]) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			close(l.quitc)
			return
		case _, ok := <-l.in:
			if !ok {
				return
			}
		}
	}
}

func (l *genLooper[T]) Close() { // want Close:`closes p0.0`
	close(l.quitc) // want `close of l.quitc panics if loop has left through its select at line 287: the goroutine running loop closes it there too \(line 289\)`
}
