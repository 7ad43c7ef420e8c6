// Reconstruction of libgit2/git2go#214 ("Memory leak when using
// CString?"): a branch lookup converted the branch name with C.CString,
// handed it to libgit2 and never freed it, so every lookup leaked the
// name's bytes on the C heap; the maintainers confirmed the leak. The
// fixed version here frees the name with a defer, the cgo idiom. Written
// from the issue; not the project's code, and the C side is a stand-in.
package realbugs

/*
#include <stdlib.h>
#include <string.h>

static int branch_lookup(const char *name, int type) { return (int)strlen(name) + type; }
*/
import "C"

import (
	"errors"
	"unsafe"
)

var errNoBranch = errors.New("branch not found")

// Before: the name is never freed.
func lookupBranchBuggy(name string, local bool) (int, error) {
	typ := C.int(1)
	if !local {
		typ = 2
	}
	cName := C.CString(name) // want `cName from C.CString is not freed on the path to the return at line 35`
	ret := C.branch_lookup(cName, typ)
	if ret < 0 {
		return 0, errNoBranch
	}
	return int(ret), nil
}

// After: freed by a defer right after the conversion.
func lookupBranchFixed(name string, local bool) (int, error) {
	typ := C.int(1)
	if !local {
		typ = 2
	}
	cName := C.CString(name)
	defer C.free(unsafe.Pointer(cName))
	ret := C.branch_lookup(cName, typ)
	if ret < 0 {
		return 0, errNoBranch
	}
	return int(ret), nil
}
