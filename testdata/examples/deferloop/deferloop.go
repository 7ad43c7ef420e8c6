// Package deferloop shows a defer inside a loop: every file stays open until
// the function returns.
package deferloop

import "os"

// SizeAll opens every file before closing any of them.
func SizeAll(names []string) (int64, error) {
	var total int64
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return 0, err
		}
		total += st.Size()
	}
	return total, nil
}
