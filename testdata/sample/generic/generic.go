// Package generic holds Go 1.27 code: generic methods (methods.go, built
// only by Go 1.27 and later). A leakvet built with Go 1.27 must analyse it
// like any other code: one finding inside a generic method, the correct
// look-alikes silent.
package generic

// Pool is a set of named resources.
type Pool struct {
	names []string
}
