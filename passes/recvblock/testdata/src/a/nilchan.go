package a

// Shape 8: a channel field that is never made.

type queue struct {
	items chan int
	quit  chan struct{}
}

// newQueue forgets to make items.
func newQueue() *queue {
	return &queue{quit: make(chan struct{})}
}

func (q *queue) Push(v int) {
	q.items <- v // want `send on q.items blocks forever: q.items is never assigned a channel in this package, so it is nil; make it where a queue is constructed`
}

func (q *queue) Pop() int {
	return <-q.items // want `receive from q.items blocks forever: q.items is never assigned a channel`
}

func (q *queue) Close() {
	close(q.items) // want `close of q.items panics: q.items is never assigned a channel`
	close(q.quit)
}

// A nil channel in a select switches the case off: fine.
type throttled struct {
	tick chan struct{}
	in   chan int
}

func newThrottled() *throttled { return &throttled{in: make(chan int)} }

func (t *throttled) loop() {
	for {
		select {
		case <-t.tick: // ok: a select case on a nil channel never fires
		case v, ok := <-t.in:
			if !ok {
				return
			}
			_ = v
		}
	}
}

func (t *throttled) Put(v int) { t.in <- v }
func (t *throttled) Close()    { close(t.in) }

// A test hook, guarded by a nil check.
type hooked struct {
	afterStep chan struct{}
}

func (h *hooked) step() {
	if h.afterStep != nil {
		h.afterStep <- struct{}{} // ok: guarded by a nil check
	}
}
