package helperlib

// Close always closes ch.
func Close(ch chan int) { // want Close:`closes p0`
	close(ch)
}

// Stop always closes done, when it returns.
func Stop(done chan struct{}) { // want Stop:`closes p0`
	defer close(done)
	drain(done)
}

func drain(chan struct{}) {}

// CloseOnce closes done only if it is still open.
func CloseOnce(done chan struct{}) {
	select {
	case <-done:
	default:
		close(done)
	}
}

// Worker closes out when it is done.
func Worker(in <-chan int, out chan int) { // want Worker:`closes p1`
	defer close(out)
	for v := range in {
		out <- v
	}
}

// Conn closes its done channel in Close, without a guard.
type Conn struct {
	done chan struct{}
}

func NewConn() *Conn { return &Conn{done: make(chan struct{})} }

// Close always closes c.done.
func (c *Conn) Close() { // want Close:`closes p0.0`
	close(c.done)
}

// SafeConn closes its done channel once.
type SafeConn struct {
	done chan struct{}
	once func()
}

func (c *SafeConn) Close() {
	select {
	case <-c.done:
	default:
		close(c.done)
	}
}
