package a

import (
	"context"
	"net/http"
	"os"
	"sync"
	"time"
)

// Every file stays open until readAll returns.
func readAll(names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close() // want `defer f.Close\(\) in the loop at line [0-9]+ runs only when readAll returns`
	}
	return nil
}

// A counted loop with the defer under a condition is still a loop.
func fetchAll(urls []string) {
	for i := 0; i < len(urls); i++ {
		if urls[i] == "" {
			continue
		}
		resp, err := http.Get(urls[i])
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want `defer resp.Body.Close\(\) in the loop at line [0-9]+`
	}
}

// Ok: the func literal runs once per iteration, so each defer runs at the
// end of its own iteration.
func readAllLiteral(names []string) {
	for _, name := range names {
		func() {
			f, err := os.Open(name)
			if err != nil {
				return
			}
			defer f.Close()
		}()
	}
}

// Ok: the loop always returns on its first pass, so at most one call is
// deferred: it is not a loop at all.
func firstReadable(names []string) (*os.File, error) {
	for _, name := range names {
		f, err := os.Open(name)
		defer f.Close()
		return f, err
	}
	return nil, nil
}

// Ok: the defer is after the loop.
func afterLoop(names []string) {
	var files []*os.File
	for _, name := range names {
		f, _ := os.Open(name)
		files = append(files, f)
	}
	defer closeAll(files)
}

func closeAll([]*os.File) {}

// The same mutex is locked on every pass: the second Lock deadlocks.
func lockSame(mu *sync.Mutex, n int) {
	for i := 0; i < n; i++ {
		mu.Lock()
		defer mu.Unlock() // want `defer mu.Unlock\(\) in the loop at line [0-9]+: the mutex stays locked until lockSame returns, so the next iteration's Lock deadlocks`
	}
}

// Ok: each pass locks a different mutex and all are released on return, a
// deliberate way to hold a set of locks.
func lockEach(mus []*sync.Mutex) {
	for _, mu := range mus {
		mu.Lock()
		defer mu.Unlock()
	}
}

// A loop without an exit never returns normally: the deferred call never runs.
func serve(accept func() *os.File) {
	for {
		c := accept()
		defer c.Close() // want `defer c.Close\(\) in the loop at line [0-9]+ never runs: the loop has no exit`
	}
}

// A loop built with goto is a loop too.
func gotoLoop(names []string) {
	i := 0
again:
	if i < len(names) {
		f, _ := os.Open(names[i])
		defer f.Close() // want `defer f.Close\(\) in the loop at line \d+ runs only when gotoLoop returns`
		i++
		goto again
	}
}

// A defer inside a func literal's own loop names the literal.
func literalLoop(names []string) {
	process := func() {
		for _, name := range names {
			f, _ := os.Open(name)
			defer f.Close() // want `runs only when the enclosing func literal returns`
		}
	}
	process()
}

// Suppressed with a reason.
func suppressed(names []string) {
	for _, name := range names[:2] {
		f, _ := os.Open(name)
		//leakvet:ignore deferloop at most two files, closed on return on purpose
		defer f.Close()
	}
}

// A directive without a reason still silences, but is itself reported.
func suppressedNoReason(names []string) {
	for _, name := range names {
		f, _ := os.Open(name)
		/* want `//leakvet:ignore deferloop needs a reason` */ //leakvet:ignore deferloop
		defer f.Close()
	}
}

// Ok: a deferred recover holds nothing.
func recoverEach(fs []func()) {
	for _, f := range fs {
		defer func() { recover() }()
		f()
	}
}

// A deferred literal that releases something is reported.
func unlockLiteral(mus []*sync.Mutex, files []string) {
	for _, name := range files {
		f, _ := os.Open(name)
		defer func() { f.Close() }() // want `defer \(func\(\) literal\)\(\) in the loop at line [0-9]+`
	}
}

// Ok: the case that defers fires at most once per call (a one-shot timer),
// which the analysis cannot tell from a case that fires on every pass.
func raceFallback(ctx context.Context, results chan error, fallback *time.Timer) error {
	for {
		select {
		case <-fallback.C:
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			go func() { results <- ctx.Err() }()
		case err := <-results:
			return err
		}
	}
}
