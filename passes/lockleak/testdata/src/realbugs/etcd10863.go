package realbugs

import (
	"errors"
	"sync"
)

// etcd-io/etcd#10863 (fixed by #10866), clientv3 watcher: RequestProgress
// locked the watcher's mutex and returned an error when no stream existed
// without unlocking it.

type watcher struct {
	mu      sync.Mutex
	streams map[string]int
}

func (w *watcher) RequestProgress(key string) error {
	w.mu.Lock()
	if w.streams == nil {
		return errors.New("no stream found for context") // want `w.mu locked at line 18 is still held at this return`
	}
	n := w.streams[key]
	w.mu.Unlock()
	_ = n
	return nil
}

// The fix: unlock before the early return.

type watcherFixed struct {
	mu      sync.Mutex
	streams map[string]int
}

func (w *watcherFixed) RequestProgress(key string) error {
	w.mu.Lock()
	if w.streams == nil {
		w.mu.Unlock()
		return errors.New("no stream found for context")
	}
	n := w.streams[key]
	w.mu.Unlock()
	_ = n
	return nil
}
