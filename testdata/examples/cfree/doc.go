// Package cfree shows a C string that is not freed on an early return.
// (cfree.go needs cgo; without a C compiler the package is empty.)
package cfree
