package generics

import "context"

type Repo[T any] struct{}

func (r *Repo[T]) Get(ctx context.Context, id string) (T, error) {
	var zero T
	return zero, nil
}

// generic: the generic body is checked like any other.
func generic[T any](ctx context.Context, r *Repo[T]) {
	r.Get(context.Background(), "id") // want `context.Background\(\) passed to r.Get drops ctx`
}

// OkGeneric: the context is passed.
func OkGeneric[T any](ctx context.Context, r *Repo[T]) {
	r.Get(ctx, "id")
}
