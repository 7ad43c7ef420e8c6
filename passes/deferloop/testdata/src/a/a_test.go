package a

import (
	"os"
	"sync"
	"testing"
)

// Ok: a table-driven test that defers each case's cleanup holds a few
// resources for a few milliseconds.
func TestFiles(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
	}
}

// A deadlock is a deadlock in tests too.
func TestLock(t *testing.T) {
	var mu sync.Mutex
	for i := 0; i < 2; i++ {
		mu.Lock()
		defer mu.Unlock() // want `the next iteration's Lock deadlocks`
	}
}
