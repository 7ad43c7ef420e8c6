// Reconstruction of syncthing/syncthing#7409 ("lib/protocol: Always
// return buffers to the pool"): the message writer took its marshalling
// and compression buffers from a pool and put them back on success only;
// every early return on a marshal or compression error dropped them.
// Syncthing's pool is a size-classed wrapper; this uses a plain
// sync.Pool. Written from the description of the fix; not the project's
// code.
package realbugs

import (
	"errors"
	"io"
	"sync"
)

var bufs = sync.Pool{New: func() any { b := make([]byte, 0, 1<<16); return &b }}

type message interface {
	MarshalTo([]byte) ([]byte, error)
}

func compress(dst, src []byte) ([]byte, error) {
	if len(src) == 0 {
		return nil, errors.New("empty")
	}
	return append(dst[:0], src...), nil
}

// Before: both error returns leave the buffers out of the pool.
func writeMessageBuggy(w io.Writer, msg message) error {
	raw := bufs.Get().(*[]byte) // want `raw from bufs.Get is not put back on the error path to the return at line 34`
	out, err := msg.MarshalTo((*raw)[:0])
	if err != nil {
		return err
	}
	comp := bufs.Get().(*[]byte) // want `comp from bufs.Get is not put back on the error path to the return at line 40`
	c, err := compress(*comp, out)
	if err != nil {
		bufs.Put(raw)
		return err
	}
	_, err = w.Write(c)
	bufs.Put(comp)
	bufs.Put(raw)
	return err
}

// After: every return puts both back.
func writeMessageFixed(w io.Writer, msg message) error {
	raw := bufs.Get().(*[]byte)
	out, err := msg.MarshalTo((*raw)[:0])
	if err != nil {
		bufs.Put(raw)
		return err
	}
	comp := bufs.Get().(*[]byte)
	c, err := compress(*comp, out)
	if err != nil {
		bufs.Put(comp)
		bufs.Put(raw)
		return err
	}
	_, err = w.Write(c)
	bufs.Put(comp)
	bufs.Put(raw)
	return err
}
