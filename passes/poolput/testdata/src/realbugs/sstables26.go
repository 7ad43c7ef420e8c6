// Reconstruction of thomasjungblut/go-sstables#26 ("defer buffer pool
// returns"): a record reader took a buffer from its pool and put it back
// after decoding, but the error paths in between returned without it; the
// fix put it back with a defer. Written from the description of the fix;
// not the project's code.
package realbugs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"sync"
)

var recordBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var errChecksum = errors.New("checksum mismatch")

// Before: a short read or a bad checksum leaks the buffer from the pool.
func readRecordBuggy(r io.Reader, decode func([]byte) (string, error)) (string, error) {
	buf := recordBufs.Get().(*bytes.Buffer) // want `buf from recordBufs.Get is not put back on the error path to the return at line 32`
	buf.Reset()
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return "", err
	}
	if _, err := io.CopyN(buf, r, int64(n)); err != nil {
		return "", err
	}
	if buf.Len() == 0 {
		return "", errChecksum
	}
	s, err := decode(buf.Bytes())
	recordBufs.Put(buf)
	return s, err
}

// After: the defer puts it back on every path.
func readRecordFixed(r io.Reader, decode func([]byte) (string, error)) (string, error) {
	buf := recordBufs.Get().(*bytes.Buffer)
	defer recordBufs.Put(buf)
	buf.Reset()
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return "", err
	}
	if _, err := io.CopyN(buf, r, int64(n)); err != nil {
		return "", err
	}
	if buf.Len() == 0 {
		return "", errChecksum
	}
	return decode(buf.Bytes())
}
