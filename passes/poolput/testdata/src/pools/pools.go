package pools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// The error path returns without putting the buffer back.
func render(w io.Writer, v any) error {
	buf := bufPool.Get().(*bytes.Buffer) // want `buf from bufPool.Get is not put back on the error path to the return at line 19`
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	bufPool.Put(buf)
	return err
}

// Put in a defer: fine.
func renderDeferred(w io.Writer, v any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Put back on every path explicitly: fine.
func renderExplicit(w io.Writer, v any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := fmt.Fprint(buf, v); err != nil {
		bufPool.Put(buf)
		return err
	}
	_, err := w.Write(buf.Bytes())
	bufPool.Put(buf)
	return err
}

// A success path that keeps a large buffer out of the pool on purpose.
func keepLarge(v any) ([]byte, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	fmt.Fprint(buf, v)
	out := append([]byte(nil), buf.Bytes()...)
	if buf.Cap() > 1<<16 {
		return out, nil
	}
	bufPool.Put(buf)
	return out, nil
}

// The buffer handed back to the caller.
func getBuffer() *bytes.Buffer { // want getBuffer:`pool: result0 fresh`
	return bufPool.Get().(*bytes.Buffer)
}

// A helper that puts back.
func putBuffer(b *bytes.Buffer) { // want putBuffer:`pool: param0 releases`
	b.Reset()
	bufPool.Put(b)
}

func viaHelpers(v any) error {
	b := getBuffer() // want `b from getBuffer is not put back on the error path to the return at line 78`
	if v == nil {
		return errors.New("nil")
	}
	fmt.Fprint(b, v)
	putBuffer(b)
	return nil
}

func viaHelpersDeferred(v any) error {
	b := getBuffer()
	defer putBuffer(b)
	if v == nil {
		return errors.New("nil")
	}
	fmt.Fprint(b, v)
	return nil
}

// A Get per pass, one Put after the loop.
func loop(items []string, w io.Writer) {
	var buf *bytes.Buffer
	for _, it := range items {
		buf = bufPool.Get().(*bytes.Buffer) // want `buf from bufPool.Get is not put back before the loop comes back`
		buf.Reset()
		buf.WriteString(it)
		w.Write(buf.Bytes())
	}
	if buf != nil {
		bufPool.Put(buf)
	}
}

// A Get and a Put per pass: fine.
func loopPut(items []string, w io.Writer) {
	for _, it := range items {
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		buf.WriteString(it)
		w.Write(buf.Bytes())
		bufPool.Put(buf)
	}
}

// Stored in a struct that puts it back in Close.
type enc struct{ buf *bytes.Buffer }

func newEnc() (*enc, error) {
	e := &enc{buf: bufPool.Get().(*bytes.Buffer)}
	return e, nil
}

func (e *enc) Close() { bufPool.Put(e.buf) }

// A slice pool, put back resliced.
var slicePool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func slices(r io.Reader) error {
	bp := slicePool.Get().(*[]byte)
	defer slicePool.Put(bp)
	_, err := r.Read((*bp)[:cap(*bp)])
	return err
}

// A generic pool wrapper.
type Pool[T any] struct{ p sync.Pool }

func (p *Pool[T]) Get() T  { return p.p.Get().(T) } // want Get:`pool: param0 borrows, result0 fresh`
func (p *Pool[T]) Put(x T) { p.p.Put(x) }           // want Put:`pool: param0 borrows, param1 releases`

func generic(p *Pool[*bytes.Buffer], v any) error {
	b := p.Get() // want `b from p.Get is not put back on the error path to the return at line 149`
	if v == nil {
		return errors.New("nil")
	}
	p.Put(b)
	return nil
}

// A free method that keeps large values out of the pool puts back only on
// some paths: its callers cannot be judged, and stay silent.
type state struct{ buf []byte }

var statePool = sync.Pool{New: func() any { return new(state) }}

func newState() *state { return statePool.Get().(*state) } // want newState:`pool: result0 fresh`

func (s *state) free() {
	if cap(s.buf) > 1024 {
		return
	}
	s.buf = s.buf[:0]
	statePool.Put(s)
}

func scan(r io.Reader) (n int, err error) {
	s := newState()
	n, err = r.Read(s.buf)
	s.free()
	return
}

// A pool without New: a failed assertion means the pool was empty and
// there is nothing to put back (grpc's gzip decompressor).
type reader struct{ io.Reader }

var readers sync.Pool

func (z *reader) reset(r io.Reader) error { z.Reader = r; return nil }

func decompress(r io.Reader) (io.Reader, error) {
	z, inPool := readers.Get().(*reader)
	if !inPool {
		if r == nil {
			return nil, errors.New("nil reader")
		}
		return &reader{r}, nil
	}
	if err := z.reset(r); err != nil {
		readers.Put(z)
		return nil, err
	}
	return z, nil
}

// Never put back anywhere in the function: handed off on purpose, like an
// entry whose encoded bytes are still being sent (nats-server's raft
// catch-up loop).
func send(items []string, out chan<- []byte) {
	for _, it := range items {
		b := bufPool.Get().(*bytes.Buffer)
		b.Reset()
		b.WriteString(it)
		out <- b.Bytes()
	}
}

// A deferred call makes go/ssa return through result slots: the final
// return nil is still a success (nats-server's raft sendAppendEntry).
var entries = map[int]*bytes.Buffer{}

func keep(b *bytes.Buffer) { entries[len(entries)] = b }

func encodeTo(b *bytes.Buffer) error { _, err := b.WriteString("x"); return err }

func deferredResults(store bool, mark func()) error {
	if store {
		mark()
		defer mark()
	}
	b := bufPool.Get().(*bytes.Buffer) // want `b from bufPool.Get is not put back on the error path to the return at line 228`
	if err := encodeTo(b); err != nil {
		return err
	}
	if store {
		keep(b)
	}
	if !store {
		bufPool.Put(b)
	}
	return nil
}
