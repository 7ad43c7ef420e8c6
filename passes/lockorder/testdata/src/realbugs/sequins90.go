package realbugs

import "sync"

// stripe-archive/sequins#90: one path took w.lock then w.hooksLock,
// another w.hooksLock then w.lock; the fix takes w.lock first everywhere.

type watcher struct {
	lock      sync.Mutex
	hooksLock sync.Mutex
	watches   map[string]int
	hooks     []func()
}

func (w *watcher) addWatch(path string) {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.watches[path]++
	w.hooksLock.Lock()
	w.hooks = append(w.hooks, func() {})
	w.hooksLock.Unlock()
}

func (w *watcher) runHooks() {
	w.hooksLock.Lock()
	defer w.hooksLock.Unlock()
	for range w.hooks {
		w.lock.Lock() // want `lock order inversion: w.lock is acquired while holding w.hooksLock`
		w.watches["ran"]++
		w.lock.Unlock()
	}
}

// The fix.

type watcherFixed struct {
	lock      sync.Mutex
	hooksLock sync.Mutex
	watches   map[string]int
	hooks     []func()
}

func (w *watcherFixed) addWatch(path string) {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.watches[path]++
	w.hooksLock.Lock()
	w.hooks = append(w.hooks, func() {})
	w.hooksLock.Unlock()
}

func (w *watcherFixed) runHooks() {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.hooksLock.Lock()
	defer w.hooksLock.Unlock()
	for range w.hooks {
		w.watches["ran"]++
	}
}
