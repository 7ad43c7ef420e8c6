package goroutines

import (
	"context"
	"io"
)

type nsKey struct{}

// withNamespace derives a context carrying a namespace.
func withNamespace(ctx context.Context, ns string) context.Context {
	return context.WithValue(ctx, nsKey{}, ns)
}

func openLog(ctx context.Context, name string) (io.Closer, error) {
	<-ctx.Done()
	return nil, nil
}

// A derivation helper passes the fresh context on: the loss is at the
// call that consumes it.
func lookupNS(ctx context.Context, ns string) {
	openLog(withNamespace(context.Background(), ns), "x") // want `context.Background\(\) passed to openLog drops ctx`
}

// Ok: the log forwarder outlives this call on purpose: its context is
// cancelled only if starting fails, otherwise whoever owns the forwarder
// does it.
func startShimLog(ctx context.Context, ns string) (f io.Closer, err error) {
	logCtx, cancel := context.WithCancel(withNamespace(context.Background(), ns))
	defer func() {
		if err != nil {
			cancel()
		}
	}()
	return openLog(logCtx, "shim")
}
