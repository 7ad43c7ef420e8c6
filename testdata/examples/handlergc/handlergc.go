// Package handlergc shows a forced garbage collection on every upload.
package handlergc

import (
	"io"
	"net/http"
	"runtime"
	"sync"
)

// Store keeps uploads in memory.
type Store struct {
	mu   sync.Mutex
	data [][]byte
}

// Upload stores the request body.
func (s *Store) Upload(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.data = append(s.data, b)
	s.mu.Unlock()
	runtime.GC()
}
