package realbugs

import "sync"

// golang/tools#129 (golang/go#32910), internal/lsp: loadParseTypecheck
// held the view's mcache mutex and then a file's handleMu, while
// invalidateContent took handleMu and then mcache.

type view struct {
	mcacheMu sync.Mutex
	mcache   map[string]int
}

type goFile struct {
	handleMu sync.Mutex
	handle   int
	view     *view
}

func (v *view) loadParseTypecheck(f *goFile) {
	v.mcacheMu.Lock()
	defer v.mcacheMu.Unlock()
	f.handleMu.Lock()
	v.mcache["x"] = f.handle
	f.handleMu.Unlock()
}

func (f *goFile) invalidateContent() {
	f.handleMu.Lock()
	defer f.handleMu.Unlock()
	f.view.mcacheMu.Lock() // want `lock order inversion: f.view.mcacheMu is acquired while holding f.handleMu`
	delete(f.view.mcache, "x")
	f.view.mcacheMu.Unlock()
	f.handle = 0
}

// The fix: invalidateContent takes the locks in the same order.

type viewFixed struct {
	mcacheMu sync.Mutex
	mcache   map[string]int
}

type goFileFixed struct {
	handleMu sync.Mutex
	handle   int
	view     *viewFixed
}

func (v *viewFixed) loadParseTypecheck(f *goFileFixed) {
	v.mcacheMu.Lock()
	defer v.mcacheMu.Unlock()
	f.handleMu.Lock()
	v.mcache["x"] = f.handle
	f.handleMu.Unlock()
}

func (f *goFileFixed) invalidateContent() {
	f.view.mcacheMu.Lock()
	defer f.view.mcacheMu.Unlock()
	f.handleMu.Lock()
	defer f.handleMu.Unlock()
	delete(f.view.mcache, "x")
	f.handle = 0
}
