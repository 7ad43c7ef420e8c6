// Package poolput shows a pooled buffer that is not put back when
// encoding fails.
package poolput

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Write encodes v to w through a pooled buffer.
func Write(w io.Writer, v any) error {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	bufs.Put(buf)
	return err
}
