//go:build extra

package tagged

import "os"

// Sizes keeps every file open until it returns.
func Sizes(names []string) int {
	n := 0
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		n++
	}
	return n
}
