package cfree

/*
#include <stdlib.h>
#include <string.h>

static int known(const char *name) { return strlen(name) > 3; }
*/
import "C"

import (
	"errors"
	"unsafe"
)

// Check asks the C library whether name is known.
func Check(name string) error {
	cs := C.CString(name)
	if C.known(cs) == 0 {
		return errors.New("unknown name")
	}
	C.free(unsafe.Pointer(cs))
	return nil
}
