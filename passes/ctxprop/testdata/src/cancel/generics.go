package cancel

import (
	"context"
	"time"
)

// genericEarly: generic functions are analysed like any other.
func genericEarly[T any](ctx context.Context, v T, bad func(T) bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `the cancel function cancel of context.WithTimeout is not called on the path to the return at line [0-9]+`
	if bad(v) {
		return nil
	}
	defer cancel()
	return work(ctx)
}

// OkGeneric: the deferred cancel covers every path.
func OkGeneric[T any](ctx context.Context, v T, bad func(T) bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if bad(v) {
		return nil
	}
	return work(ctx)
}
