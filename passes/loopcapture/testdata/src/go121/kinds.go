//go:build go1.21

package go121

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"
)

// Group is shaped like errgroup.Group: Go starts f in a goroutine.
type Group struct{ wg sync.WaitGroup }

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() { defer g.wg.Done(); f() }()
}

func (g *Group) Wait() error { g.wg.Wait(); return nil }

// The errgroup's Wait after the loop does not help: every func sees the
// last v.
func errgroupGo(xs []int) error {
	var g Group
	for _, v := range xs {
		g.Go(func() error {
			use(v) // want `loop variable v is captured by the func passed to Group.Go`
			return nil
		})
	}
	return g.Wait()
}

// Waiting for the group inside the iteration is correct.
func errgroupWaitOk(xs []int) {
	for _, v := range xs {
		var g Group
		g.Go(func() error {
			use(v)
			return nil
		})
		g.Wait()
	}
}

func afterFunc(xs []time.Duration) {
	for _, d := range xs {
		time.AfterFunc(d, func() {
			use(d) // want `loop variable d is captured by the func passed to time.AfterFunc`
		})
	}
}

func contextAfterFunc(ctx context.Context, names []string) {
	for _, name := range names {
		context.AfterFunc(ctx, func() {
			use(name) // want `loop variable name is captured by the func passed to context.AfterFunc`
		})
	}
}

// A parallel subtest runs after the loop has finished.
func parallelSubtests(t *testing.T, cases []string) {
	for _, tc := range cases {
		t.Run(tc, func(t *testing.T) {
			t.Parallel()
			use(tc) // want `loop variable tc is captured by the parallel subtest`
		})
	}
}

// A sequential subtest runs within t.Run: correct.
func sequentialSubtestsOk(t *testing.T, cases []string) {
	for _, tc := range cases {
		t.Run(tc, func(t *testing.T) {
			use(tc)
		})
	}
}

// Cleanups run when the test ends.
func cleanups(t *testing.T, files []string) {
	for _, f := range files {
		t.Cleanup(func() {
			use(f) // want `loop variable f is captured by the cleanup registered`
		})
	}
}

// Handlers run on later requests.
func handlers(mux *http.ServeMux, routes []string) {
	for _, r := range routes {
		mux.HandleFunc(r, func(w http.ResponseWriter, req *http.Request) {
			use(r) // want `loop variable r is captured by the handler registered with ServeMux.HandleFunc`
		})
	}
}

func handlerFunc(routes []string) {
	for _, r := range routes {
		http.Handle(r, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			use(r) // want `loop variable r is captured by the handler registered with http.Handle`
		}))
	}
}

// Funcs collected in a slice run after the loop.
func appended(xs []int) []func() {
	var fns []func()
	for _, v := range xs {
		fns = append(fns, func() {
			use(v) // want `loop variable v is captured by the func appended to a slice`
		})
	}
	return fns
}

// A slice made in the iteration and run in it: correct.
func appendedLocalOk(xs []int) {
	for _, v := range xs {
		var fns []func()
		fns = append(fns, func() {
			use(v)
		})
		for _, f := range fns {
			f()
		}
	}
}

type registry struct {
	byName map[string]func()
	last   func()
}

func stored(r *registry, names []string) {
	for _, n := range names {
		r.byName[n] = func() {
			use(n) // want `loop variable n is captured by the func stored in a map`
		}
	}
}

// One slot overwritten by every iteration: only the last closure survives,
// and it reads its own iteration's n.
func storedFieldOk(r *registry, names []string) {
	for _, n := range names {
		r.last = func() {
			use(n)
		}
		use(r)
	}
}

// A field of each element: every closure survives.
func storedElementField(rs []registry, names []string) {
	for i, n := range names {
		rs[i].last = func() {
			use(n) // want `loop variable n is captured by the func stored in a struct field`
		}
	}
}

func sent(work chan func(), xs []int) {
	for _, v := range xs {
		work <- func() {
			use(v) // want `loop variable v is captured by the func sent on a channel`
		}
	}
}

// sort.Slice calls its func before returning: correct.
func sortOk(xss [][]int) {
	for _, xs := range xss {
		sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	}
}

// A sync.Once runs f inside Do: correct.
func onceOk(xs []int) {
	for _, v := range xs {
		var once sync.Once
		once.Do(func() { use(v) })
	}
}

// spawn starts f in a goroutine; a fact says so to its callers.
func spawn(f func()) { // want spawn:"runsLater\\(0x1\\)"
	go f()
}

// runNow calls f before returning.
func runNow(f func()) {
	f()
}

func viaHelper(xs []int) {
	for _, v := range xs {
		spawn(func() {
			use(v) // want `loop variable v is captured by the func passed to go121.spawn, which runs it later,`
		})
	}
}

func viaSyncHelperOk(xs []int) {
	for _, v := range xs {
		runNow(func() {
			use(v)
		})
	}
}

// A map made in the iteration and used in it: correct.
func mapLocalOk(xs []int) {
	for _, v := range xs {
		m := map[int]func(){}
		m[v] = func() { use(v) }
		m[v]()
	}
}

// The worker replies on a channel the closure captured, and the iteration
// waits for the reply before v changes.
func sentAndWaitedOk(work chan func(), xs []int) {
	done := make(chan bool)
	for _, v := range xs {
		work <- func() {
			use(v)
			done <- true
		}
		<-done
	}
}

// A non-blocking select does not wait.
func nonBlockingSelect(xs []int, done chan bool) {
	for _, v := range xs {
		go func() {
			use(v) // want `loop variable v is captured by the goroutine`
			done <- true
		}()
		select {
		case <-done:
		default:
		}
	}
}
