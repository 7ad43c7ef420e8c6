// Package freshlib has helpers that return fresh contexts; callers in other
// packages learn it through facts.
package freshlib

import (
	"context"
	"time"
)

// NewCtx always starts from Background.
func NewCtx() context.Context { // want NewCtx:`freshContext\(result 0\)`
	return context.Background()
}

// WithDefaultTimeout builds on NewCtx.
func WithDefaultTimeout() (context.Context, context.CancelFunc) { // want WithDefaultTimeout:`freshContext\(result 0\)`
	return context.WithTimeout(NewCtx(), time.Second)
}

// Derive takes a context: its result is derived from the caller's.
func Derive(ctx context.Context) context.Context {
	return context.WithValue(ctx, key{}, 1)
}

type key struct{}

// Maybe returns Background only sometimes.
func Maybe(c context.Context, ok bool) context.Context {
	if ok {
		return context.Background()
	}
	return c
}
