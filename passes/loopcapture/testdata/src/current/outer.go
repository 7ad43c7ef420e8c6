// Package current has per-iteration loop variables (Go 1.22 and later):
// only variables declared outside the loop are shared by its iterations.
package current

import (
	"net"
	"sync"
)

func use(...any) {}

// conn is declared outside the loop: every goroutine shares it and the
// next Accept overwrites it.
func acceptLoop(ln net.Listener) {
	var conn net.Conn
	var err error
	for {
		conn, err = ln.Accept()
		if err != nil {
			return
		}
		go func() {
			use(conn) // want `conn is shared by every iteration of the loop at line [0-9]+, which overwrites it at line [0-9]+, but the goroutine started at line [0-9]+ reads it`
		}()
	}
}

// The same with := inside the loop: a new conn each pass.
func acceptLoopOk(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			use(conn)
		}()
	}
}

// Outer variable assigned in the loop, captured in a conditional.
func outerConditional(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x * 2
		if x > 0 {
			go func() {
				use(cur) // want `cur is shared by every iteration`
			}()
		}
	}
}

// for i = 0 with an outer i: one variable, even in Go 1.22.
func outerThreeClause(n int) {
	var i int
	for i = 0; i < n; i++ {
		go func() {
			use(i) // want `i is shared by every iteration of the loop at line [0-9]+`
		}()
	}
}

// for k, v = range with outer variables.
func outerRange(m map[string]int) {
	var k string
	var v int
	for k, v = range m {
		go func() {
			use(k) // want `k is shared by every iteration`
		}()
		use(v)
	}
}

// Per-iteration variables from Go 1.22 on: correct.
func perIterationOk(xs []int, n int) {
	for _, x := range xs {
		go func() {
			use(x)
		}()
	}
	for i := 0; i < n; i++ {
		go func() {
			use(i)
		}()
	}
}

// The outer variable is written only before the loop: nothing changes it.
func writtenBeforeOk(xs []int) {
	prefix := "x"
	for _, x := range xs {
		go func() {
			use(prefix, x)
		}()
	}
}

// The goroutine only writes the outer variable (a result): not this check.
func closureWritesOk(xs []int) {
	var last int
	for _, x := range xs {
		last = 0
		go func() {
			last = x
		}()
	}
	use(last)
}

// The iteration waits for the goroutine before overwriting cur.
func waitOk(xs []int) {
	var cur int
	var wg sync.WaitGroup
	for _, x := range xs {
		cur = x
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(cur)
		}()
		wg.Wait()
	}
}

// A receive from the goroutine's channel waits for it.
func receiveOk(xs []int) {
	var cur int
	done := make(chan struct{})
	for _, x := range xs {
		cur = x
		go func() {
			use(cur)
			close(done)
		}()
		<-done
		done = make(chan struct{})
	}
}

// Waiting on an unrelated channel does not wait for the goroutine.
func unrelatedReceive(xs []int, tick chan bool) {
	var cur int
	for _, x := range xs {
		cur = x
		go func() {
			use(cur) // want `cur is shared by every iteration`
		}()
		<-tick
	}
}

// A wait after the loop is too late.
func waitAfterLoop(xs []int) {
	var cur int
	var wg sync.WaitGroup
	for _, x := range xs {
		cur = x
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(cur) // want `cur is shared by every iteration`
		}()
	}
	wg.Wait()
}

// The goroutine reads the shared variable under a mutex: shared on purpose
// (it wants the latest value).
func mutexOk(xs []int) {
	var mu sync.Mutex
	var latest int
	for _, x := range xs {
		mu.Lock()
		latest = x
		mu.Unlock()
		go func() {
			mu.Lock()
			use(latest)
			mu.Unlock()
		}()
	}
}

// Passed as an argument: copied at the go statement.
func argumentOk(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		go func(cur int) {
			use(cur)
		}(cur)
	}
}

// The variable is overwritten only on the path that leaves the loop.
func writeOnExitOk(xs []int) {
	var cur int
	for _, x := range xs {
		go func() {
			use(cur)
		}()
		if x < 0 {
			cur = x
			break
		}
	}
}

var nowFunc func() int

// A fake clock: the package variable holds one func, replaced by every
// iteration, that is meant to read the latest tm.
func fakeClockOk(n int) {
	tm := 0
	for i := 0; i < n; i++ {
		tm++
		nowFunc = func() int {
			return tm
		}
	}
}

// Funcs collected in a slice all read the final total.
func collected(xs []int) []func() int {
	var fns []func() int
	total := 0
	for _, x := range xs {
		total += x
		fns = append(fns, func() int {
			return total // want `total is shared by every iteration.*the func appended to a slice`
		})
	}
	return fns
}

// A range-over-func body is a separate function: its goroutine captures a
// per-call variable.
func rangeFuncOk(seq func(func(int) bool)) {
	for x := range seq {
		go func() {
			use(x)
		}()
	}
}

type listener struct{}

func (*listener) Close() error { return nil }

func listen(string) (*listener, error) { return nil, nil }

// The deferred closure reads the final err on purpose: on failure, close
// what was opened.
func deferErrOk(addrs []string) (ls []*listener, err error) {
	for _, a := range addrs {
		var l *listener
		if l, err = listen(a); err != nil {
			return nil, err
		}
		defer func(l *listener) {
			if err != nil {
				l.Close()
			}
		}(l)
		ls = append(ls, l)
	}
	return ls, nil
}

// The deferred closures all close the last listener.
func deferResource(addrs []string) error {
	var l *listener
	var err error
	for _, a := range addrs {
		if l, err = listen(a); err != nil {
			return err
		}
		defer func() {
			l.Close() // want `l is shared by every iteration.*the call deferred at line`
		}()
	}
	return nil
}

type stream struct{ id int }

func accept() (*stream, error) { return nil, nil }
func draining() bool           { return false }
func announce(int)             {}
func handle(*stream)           {}

// Not a bug: once the loop announces its last stream ID it is draining,
// the flag stays set (the drain never ends), and every later pass takes
// the continue before the write: the ID the goroutine reads is never
// overwritten.
func drainOk() {
	var wg sync.WaitGroup
	defer wg.Wait()
	lastID := 0
	isDraining := false
	for {
		s, err := accept()
		if err != nil {
			isDraining = draining()
			if !isDraining {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				announce(lastID)
			}()
			continue
		}
		if isDraining {
			continue
		}
		lastID = s.id + 4
		wg.Add(1)
		go func() {
			defer wg.Done()
			handle(s)
		}()
	}
}

// Still a bug: the flag is cleared when the drain is over, and the next
// stream overwrites the ID while the goroutine may not have read it.
func drainResets() {
	lastID := 0
	isDraining := false
	for {
		s, err := accept()
		if err != nil {
			isDraining = draining()
			if !isDraining {
				return
			}
			go func() {
				announce(lastID) // want `lastID is shared by every iteration`
			}()
			continue
		}
		if isDraining {
			isDraining = false
			continue
		}
		lastID = s.id + 4
	}
}

func spawn(f func()) { go f() } // want spawn:`runsLater\(0x1\)`

// Not a bug: the goroutines and the loop share the log on purpose; each
// appends to it (under a scheduler that runs one at a time, or a lock in
// the real code). The closure writes the variable: it is state, not a
// value captured for one iteration.
func sharedLog(n int) []string {
	var log []string
	for i := range n {
		spawn(func() {
			log = append(log, "worker")
		})
		log = append(log, "spawned")
		_ = i
	}
	return log
}

// Still a bug: the closure only reads the variable the loop overwrites.
func readsLatest(n int) {
	var last string
	for i := range n {
		last = string(rune('a' + i))
		spawn(func() {
			use(last) // want `last is shared by every iteration`
		})
	}
}
