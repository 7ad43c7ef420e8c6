package freshuse

import (
	"context"

	"freshlib"
)

func work(context.Context) error { return nil }

// helperContext: the helper's context ignores ctx.
func helperContext(ctx context.Context) {
	work(freshlib.NewCtx()) // want `freshlib.NewCtx\(\) returns a context built from context.Background\(\), so work drops ctx`
}

// helperTuple: through a (ctx, cancel) helper.
func helperTuple(ctx context.Context) {
	c, cancel := freshlib.WithDefaultTimeout() // want `freshlib.WithDefaultTimeout\(\) returns a context built from context.Background\(\)`
	defer cancel()
	work(c)
}

// OkDerived: the helper derives from ctx.
func OkDerived(ctx context.Context) {
	work(freshlib.Derive(ctx))
}

// OkMaybe: not always fresh, so no fact and no report.
func OkMaybe(ctx context.Context) {
	work(freshlib.Maybe(ctx, false))
}
