package realbugs

import "sync"

// etcd-io/etcd#6948 (fixes #6937), grpcproxy: the watch broadcast's
// methods held the broadcast's RWMutex and called empty(), which locked
// it again. Reconstructed from the PR description.

type watchBroadcast struct {
	mu        sync.RWMutex
	receivers map[int]chan int
}

func (wb *watchBroadcast) empty() bool {
	wb.mu.RLock()
	defer wb.mu.RUnlock()
	return len(wb.receivers) == 0
}

func (wb *watchBroadcast) remove(id int) bool {
	wb.mu.Lock()
	defer wb.mu.Unlock()
	delete(wb.receivers, id)
	return wb.empty() // want `deadlock: call to \(\*watchBroadcast\).empty read-locks wb.mu while it is already locked`
}

// The fix: the check reads the map directly under the lock already held.

type watchBroadcastFixed struct {
	mu        sync.RWMutex
	receivers map[int]chan int
}

func (wb *watchBroadcastFixed) emptyLocked() bool { return len(wb.receivers) == 0 }

func (wb *watchBroadcastFixed) remove(id int) bool {
	wb.mu.Lock()
	defer wb.mu.Unlock()
	delete(wb.receivers, id)
	return wb.emptyLocked()
}
