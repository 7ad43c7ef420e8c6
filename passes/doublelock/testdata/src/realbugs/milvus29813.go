package realbugs

import "sync"

// milvus-io/milvus#29813 (issue #29709): a concurrent recursive RLock and
// Lock deadlocked. Shape: a read-locked accessor calls another read-locked
// accessor of the same manager.

type segmentManager struct {
	mu       sync.RWMutex
	segments map[int64]string
}

func (m *segmentManager) Get(id int64) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.segments[id]
}

func (m *segmentManager) GetBy(ids []int64) []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []string
	for _, id := range ids {
		out = append(out, m.Get(id)) // want `recursive read lock: call to \(\*segmentManager\).Get read-locks m.mu`
	}
	return out
}

func (m *segmentManager) Put(id int64, s string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.segments[id] = s
}

// The fix: the inner read goes through an unlocked helper.

type segmentManagerFixed struct {
	mu       sync.RWMutex
	segments map[int64]string
}

func (m *segmentManagerFixed) get(id int64) string { return m.segments[id] }

func (m *segmentManagerFixed) Get(id int64) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.get(id)
}

func (m *segmentManagerFixed) GetBy(ids []int64) []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []string
	for _, id := range ids {
		out = append(out, m.get(id))
	}
	return out
}
