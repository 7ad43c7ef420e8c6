// Package errwrap shows an error that loses its chain: callers can no
// longer match os.ErrNotExist with errors.Is.
package errwrap

import (
	"fmt"
	"os"
)

// Load reads a configuration file.
func Load(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config %s: %v", path, err)
	}
	return data, nil
}
