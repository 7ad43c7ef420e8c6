package watchdog

import (
	"bytes"
	"context"
	"log"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func handle(net.Conn) error { return nil }

// The watchdog outlives serve: the deferred Close runs, the timer fires
// later on the closed connection.
func serveDiscarded(conn net.Conn, d time.Duration) error {
	defer conn.Close()
	time.AfterFunc(d, func() { // want `time.AfterFunc's timer is discarded, and the callback at line 20 uses conn, which the deferred conn.Close\(\) at line 19 releases on the path to the return at line 23`
		conn.SetDeadline(time.Now())
	})
	return handle(conn)
}

// Kept but never stopped.
func serveKept(conn net.Conn, d time.Duration) error {
	t := time.AfterFunc(d, func() { // want `timer t is not stopped before conn.Close\(\) at line 33 releases conn on the path to the return at line 34`
		conn.SetDeadline(time.Now())
	})
	err := handle(conn)
	t.Reset(d) // rearmed, not stopped
	conn.Close()
	return err
}

// Stopped on the success path only: the error return closes with the
// timer armed.
func serveStoppedOnSuccess(conn net.Conn, d time.Duration) error {
	t := time.AfterFunc(d, func() { // want `timer t is not stopped before the deferred conn.Close\(\) at line 43 releases conn on the path to the return at line 45`
		conn.SetReadDeadline(time.Now())
	})
	defer conn.Close()
	if err := handle(conn); err != nil {
		return err
	}
	t.Stop()
	return nil
}

// A method value as the callback: b.Reset runs on a buffer the function
// has put back into the pool, which another goroutine may be filling by
// then.
type pool struct{ p sync.Pool }

func (p *pool) get() *bytes.Buffer { return p.p.Get().(*bytes.Buffer) }

func fill(b *bytes.Buffer, p *pool, d time.Duration) {
	time.AfterFunc(d, b.Reset) // want `time.AfterFunc's timer is discarded, and b.Reset uses b, which p.p.Put\(\) at line 61 releases on the path to the end of the function`
	b.WriteString("x")
	p.p.Put(b)
}

// A file closed by defer while the timer writes to it.
func writeLater(f *os.File, d time.Duration) {
	defer f.Close()
	time.AfterFunc(d, func() { f.Write([]byte("late\n")) }) // want `the deferred f.Close\(\) at line 66 releases`
}

// RIGHT: defer t.Stop() after the AfterFunc runs before the deferred
// Close.
func serveDeferStop(conn net.Conn, d time.Duration) error {
	defer conn.Close()
	t := time.AfterFunc(d, func() {
		conn.SetDeadline(time.Now())
	})
	defer t.Stop()
	return handle(conn)
}

// RIGHT: stopped before the Close.
func serveStopThenClose(conn net.Conn, d time.Duration) error {
	t := time.AfterFunc(d, func() {
		conn.SetDeadline(time.Now())
	})
	err := handle(conn)
	t.Stop()
	conn.Close()
	return err
}

// RIGHT: stopped in a deferred closure.
func serveDeferClosure(conn net.Conn, d time.Duration) error {
	defer conn.Close()
	t := time.AfterFunc(d, func() {
		conn.SetDeadline(time.Now())
	})
	defer func() { t.Stop() }()
	return handle(conn)
}

// RIGHT: the callback only logs.
func serveLogs(conn net.Conn, d time.Duration) error {
	defer conn.Close()
	time.AfterFunc(d, func() {
		log.Printf("slow request from %v", conn.RemoteAddr())
	})
	return handle(conn)
}

// RIGHT: fire and forget on a connection the function does not close:
// closing it after a delay is the point.
func closeLater(conn net.Conn, d time.Duration) {
	time.AfterFunc(d, func() { conn.Close() })
}

// RIGHT: the callback checks a flag the function sets before closing.
func serveGuarded(conn net.Conn, d time.Duration) error {
	var done atomic.Bool
	time.AfterFunc(d, func() {
		if done.Load() {
			return
		}
		conn.SetDeadline(time.Now())
	})
	err := handle(conn)
	done.Store(true)
	conn.Close()
	return err
}

// RIGHT: the function waits for the callback, which has run before the
// Close.
func waitForIt(conn net.Conn, d time.Duration) {
	fired := make(chan struct{})
	time.AfterFunc(d, func() {
		conn.SetDeadline(time.Now())
		close(fired)
	})
	<-fired
	conn.Close()
}

// RIGHT: the timer is kept in a field and stopped by Close.
type session struct {
	conn  net.Conn
	timer *time.Timer
}

func (s *session) start(conn net.Conn, d time.Duration) {
	s.conn = conn
	s.timer = time.AfterFunc(d, func() { conn.SetDeadline(time.Now()) })
}

func (s *session) Close() error {
	s.timer.Stop()
	return s.conn.Close()
}

// RIGHT: the callback calls cancel, which the function also defers:
// cancelling twice is harmless.
func withWatchdog(ctx context.Context, d time.Duration) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	time.AfterFunc(d, cancel)
	<-ctx.Done()
}

// RIGHT: the timer is returned to the caller, who stops it.
func arm(conn net.Conn, d time.Duration) *time.Timer {
	t := time.AfterFunc(d, func() { conn.SetDeadline(time.Now()) })
	return t
}

// A field of a captured value: the callback checks it for nil, then
// writes to it and closes it; the function closes the same field at the
// end, and a pong handler can only rearm the timer.
type wsConn struct{ ws net.Conn }

func (w *wsConn) pingLoop(d time.Duration, setPong func(func())) {
	onTimeout := func() {
		if w.ws == nil {
			return
		}
		w.ws.Write([]byte("close"))
		if w.ws != nil {
			w.ws.Close()
		}
	}
	timer := time.AfterFunc(d, onTimeout) // want `timer timer is not stopped before w.ws.Close\(\) at line 197 releases w.ws on the path to the end of the function, and onTimeout \(line 181\) uses w.ws`
	setPong(func() { timer.Reset(d) })
	for w.ws != nil {
		if _, err := w.ws.Write([]byte("ping")); err != nil {
			break
		}
	}
	w.ws.Close()
}

// RIGHT: the same with the timer stopped by a defer.
func (w *wsConn) pingLoopFixed(d time.Duration, setPong func(func())) {
	onTimeout := func() {
		if w.ws == nil {
			return
		}
		w.ws.Write([]byte("close"))
	}
	timer := time.AfterFunc(d, onTimeout)
	defer timer.Stop()
	setPong(func() { timer.Reset(d) })
	for w.ws != nil {
		if _, err := w.ws.Write([]byte("ping")); err != nil {
			break
		}
	}
	w.ws.Close()
}

// RIGHT: a handler that may stop the timer takes it out of sight.
func (w *wsConn) pingLoopHandlerStops(d time.Duration, setPong func(func())) {
	timer := time.AfterFunc(d, func() { w.ws.Write([]byte("close")) })
	setPong(func() { timer.Stop() })
	w.ws.Close()
}

// The release in a deferred closure that checks Close's error.
func serveDeferClosureClose(conn net.Conn, d time.Duration) error {
	defer func() {
		if err := conn.Close(); err != nil {
			log.Print(err)
		}
	}()
	time.AfterFunc(d, func() { conn.SetDeadline(time.Now()) }) // want `time.AfterFunc's timer is discarded, and the callback at line 233 uses conn, which the deferred closure at line 228 releases`
	return handle(conn)
}

// RIGHT: a deferred closure that closes only on some paths is not taken
// for a release.
func serveMaybeClose(conn net.Conn, d time.Duration, keep bool) error {
	defer func() {
		if !keep {
			conn.Close()
		}
	}()
	time.AfterFunc(d, func() { conn.SetDeadline(time.Now()) })
	return handle(conn)
}
