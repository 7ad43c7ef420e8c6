package realbugs

import (
	"os"
	"testing"
)

// authelia/authelia#3031 fixed a deferred Close in a loop in a command;
// the same defer in a table-driven test holds a handful of files for a
// few milliseconds. Deliberately silent in tests.
func TestReadAllOk(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
	}
}
