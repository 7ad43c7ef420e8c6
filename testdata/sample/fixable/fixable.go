// Package fixable has findings with suggested fixes, and one without.
package fixable

import (
	"fmt"
	"os"
)

// Load loses the error's chain: %v where %w keeps it.
func Load(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %v", path, err)
	}
	return data, nil
}

// LoadAll has a finding without a fix.
func LoadAll(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("open: %w", err)
		}
		defer f.Close()
	}
	return nil
}
