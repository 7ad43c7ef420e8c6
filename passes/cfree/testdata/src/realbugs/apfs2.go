// Reconstruction of go-darwin/apfs#2 ("Memory leaks when calling
// C.CString"), found while fixing the same leak in buildbuddy-io/buildbuddy
// PR 2686: the clonefile wrapper converted both paths with C.CString and
// freed neither, leaking two strings per clone in a long-running process.
// Written from the issue; not the project's code, and the C side is a
// stand-in.
package realbugs

/*
#include <stdlib.h>
#include <string.h>

static int clone_file(const char *src, const char *dst, unsigned int flags) {
	return strcmp(src, dst) == 0 ? -1 : (int)flags;
}
*/
import "C"

import (
	"errors"
	"unsafe"
)

var errClone = errors.New("clonefile failed")

// Before: neither string is freed.
func cloneFileBuggy(src, dst string, flags uint32) error {
	csrc := C.CString(src) // want `csrc from C.CString is not freed on the path to the return at line 33`
	cdst := C.CString(dst) // want `cdst from C.CString is not freed on the path to the return at line 33`
	if C.clone_file(csrc, cdst, C.uint(flags)) < 0 {
		return errClone
	}
	return nil
}

// After: both freed by defers.
func cloneFileFixed(src, dst string, flags uint32) error {
	csrc := C.CString(src)
	defer C.free(unsafe.Pointer(csrc))
	cdst := C.CString(dst)
	defer C.free(unsafe.Pointer(cdst))
	if C.clone_file(csrc, cdst, C.uint(flags)) < 0 {
		return errClone
	}
	return nil
}
