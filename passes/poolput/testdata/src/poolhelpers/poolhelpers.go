// Package poolhelpers owns a pool; callers in other packages go through
// its helpers, whose effect crosses as a fact.
package poolhelpers

import (
	"bytes"
	"sync"
)

var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Get() *bytes.Buffer { // want Get:`pool: result0 fresh`
	b := pool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func Put(b *bytes.Buffer) { // want Put:`pool: param0 releases`
	if b.Cap() > 1<<20 {
		b = new(bytes.Buffer)
	}
	pool.Put(b)
}
