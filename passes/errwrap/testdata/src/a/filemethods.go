package a

import (
	"fmt"
	"os"
	"syscall"
)

// A method of an open file cannot fail with fs.ErrNotExist: the message
// names what Sync can carry, fs.ErrClosed.
func syncFile(f *os.File) error {
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %v", f.Name(), err) // want `hides the \*fs.PathError from \(os.File\).Sync \(and fs.ErrClosed\) from errors.Is`
	}
	return nil
}

func errnoCall() error { return syscall.Errno(2) }

// Ok: the function compared the errno with the one value that mattered
// (syscall.ENOENT) before formatting the rest.
func lookupEntry() error {
	err := errnoCall()
	if err == syscall.ENOENT {
		return nil
	}
	if err != nil {
		return fmt.Errorf("lookup: %v", err)
	}
	return nil
}
