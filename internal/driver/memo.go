package driver

import (
	"os"
	"sync"
)

// Memo keeps what one run learns for the later runs of a long-lived
// process, such as the language server, which analyzes one package again
// and again: where the go command left each dependency's export data, and
// the go command's environment. Asking `go list -export` for a few hundred
// dependencies costs the go command a second of hashing even when all of
// them are built; the memo asks only for those whose cache key is new.
//
// An export data file is remembered under the dependency's cache key
// (its files, its dependencies' keys, the analyzers, the build tags and
// environment), so it is reused only for the very same package, and only
// while the go command's cache still holds the file. The environment is
// remembered per directory: a process that must see a change to it (a new
// go version on the PATH, a go.mod toolchain line) starts a new Memo.
// A Memo only works with a cache directory, which gives packages their
// keys. It is safe for concurrent use.
type Memo struct {
	mu     sync.Mutex
	export map[string]string   // cache key of a package -> export data file
	goEnv  map[string][]string // directory -> go env output lines
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{export: make(map[string]string), goEnv: make(map[string][]string)}
}

func (m *Memo) exportFile(key string) string {
	if m == nil || key == "" {
		return ""
	}
	m.mu.Lock()
	file := m.export[key]
	m.mu.Unlock()
	if file == "" {
		return ""
	}
	if _, err := os.Stat(file); err != nil {
		return "" // trimmed from the go command's cache since
	}
	return file
}

func (m *Memo) setExportFile(key, file string) {
	if m == nil || key == "" {
		return
	}
	m.mu.Lock()
	m.export[key] = file
	m.mu.Unlock()
}

func (m *Memo) env(dir string) []string {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.goEnv[dir]
}

func (m *Memo) setEnv(dir string, lines []string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.goEnv[dir] = lines
	m.mu.Unlock()
}
