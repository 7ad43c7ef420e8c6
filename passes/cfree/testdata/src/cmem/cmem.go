package cmem

/*
#include <stdlib.h>
#include <string.h>

static int lookup(const char *s) { return (int)strlen(s) - 1; }
static void fill(void *p, size_t n) { memset(p, 0, n); }
*/
import "C"

import (
	"errors"
	"unsafe"
)

var errNotFound = errors.New("not found")

// The early return leaks the string.
func leak(name string) error {
	cs := C.CString(name) // want `cs from C.CString is not freed on the path to the return at line 23`
	if C.lookup(cs) < 0 {
		return errNotFound
	}
	C.free(unsafe.Pointer(cs))
	return nil
}

// Freed in a defer: fine.
func deferred(name string) int {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return int(C.lookup(cs))
}

// Freed on every path explicitly: fine.
func explicit(name string) error {
	cs := C.CString(name)
	if C.lookup(cs) < 0 {
		C.free(unsafe.Pointer(cs))
		return errNotFound
	}
	C.free(unsafe.Pointer(cs))
	return nil
}

// malloc'd memory leaked on the error path.
func buffer(n int) error {
	p := C.malloc(C.size_t(n)) // want `p from C.malloc is not freed on the path to the return at line 51`
	if n > 1<<20 {
		return errors.New("too large")
	}
	C.fill(p, C.size_t(n))
	C.free(p)
	return nil
}

// Returned to the caller, who frees it.
func cstring(s string) *C.char {
	return C.CString(s)
}

// Stored in a struct freed by Close.
type handle struct{ p unsafe.Pointer }

func newHandle(n int) *handle {
	h := &handle{}
	h.p = C.malloc(C.size_t(n))
	return h
}

func (h *handle) Close() { C.free(h.p) }

// A helper of the package frees it.
func release(p unsafe.Pointer) { C.free(p) }

func viaHelper(b []byte) {
	p := C.CBytes(b)
	defer release(p)
	C.fill(p, C.size_t(len(b)))
}

// Allocated on every pass, freed once after the loop.
func loop(names []string) {
	var cs *C.char
	for _, n := range names {
		cs = C.CString(n) // want `cs from C.CString is not freed before the loop comes back to allocate again`
		C.lookup(cs)
	}
	C.free(unsafe.Pointer(cs))
}
