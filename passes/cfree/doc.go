// Package cfree defines an Analyzer that reports C memory allocated
// through cgo and not freed on some path.
//
// # Analyzer cfree
//
// cfree: C memory from C.CString, C.CBytes, C.malloc or C.calloc not freed on some path
//
// The Go garbage collector does not manage memory allocated in C: every
// C.CString, C.CBytes, C.malloc or C.calloc needs its C.free. cfree follows
// the pointer (through unsafe.Pointer conversions and the closures cgo
// wraps calls in) with the engine unclosed uses (passes/internal/release)
// and reports the first return, or the loop coming back to allocate
// again, reached without freeing it.
//
// WRONG:
//
//	cs := C.CString(name)
//	if C.lookup(cs) < 0 {
//		return errNotFound // cs leaks
//	}
//	C.free(unsafe.Pointer(cs))
//
// RIGHT:
//
//	cs := C.CString(name)
//	defer C.free(unsafe.Pointer(cs))
//
// Helpers count: a Go function of the package that frees its pointer
// parameter on every path releases it at the call.
//
// Deliberately not reported:
//
//   - memory that is returned, stored in a field, a global, a map or a
//     slice, sent on a channel, or handed to Go code that may keep it;
//   - C functions other than free are assumed to borrow the pointer
//     (C.strlen, C.GoString, a library's own calls); an API that takes
//     ownership is then silent only if the pointer escapes otherwise;
//   - paths that end in a panic or a call that does not return;
//   - tests and generated files. Packages without cgo cost nothing.
//
// The analyzer has no flags.
package cfree
