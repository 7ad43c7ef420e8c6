package a

import "io"

// Generic code is analyzed like any other.
func closeEach[T io.Closer](items []T) {
	for _, it := range items {
		defer it.Close() // want `defer it.Close\(\) in the loop at line [0-9]+`
	}
}
