package a

import "bytes" // for bytes.Buffer

// Bug: fetch wraps ErrGone. The fix turns the single import line into a
// group, errors after bytes, with the line comment kept in place.
func importAfter(b *bytes.Buffer) bool {
	_, err := fetch(b.Len())
	return err == ErrGone // want `err == ErrGone misses a wrapped ErrGone`
}
