// Package ctxprop shows a request's context that stops propagating: the
// lookup goes on after the client has gone away.
package ctxprop

import (
	"context"
	"net/http"
	"time"
)

// Lookup ignores the request's context and starts from Background.
func Lookup(w http.ResponseWriter, r *http.Request, find func(context.Context, string) string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	w.Write([]byte(find(ctx, r.URL.Query().Get("q"))))
}
