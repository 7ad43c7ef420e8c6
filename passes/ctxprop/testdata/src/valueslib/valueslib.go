// Package valueslib has context-taking functions that only read their
// context's values, beside one that waits on it.
package valueslib

import (
	"context"
	"fmt"
)

type traceKey struct{}

func traceID(ctx context.Context) string { // want traceID:`ignoresCancel\[0\]`
	id, _ := ctx.Value(traceKey{}).(string)
	return id
}

type Logger struct{ prefix string }

func (l *Logger) Info(msg string) { fmt.Println(l.prefix, msg) }

// InfoContext takes a context for its trace ID only.
func (l *Logger) InfoContext(ctx context.Context, msg string) { // want InfoContext:`ignoresCancel\[0\]`
	fmt.Println(l.prefix, traceID(ctx), msg)
}

type Client struct{ results chan string }

func (c *Client) Fetch(key string) string { return <-c.results }

// FetchContext gives up when its context is cancelled.
func (c *Client) FetchContext(ctx context.Context, key string) string {
	select {
	case r := <-c.results:
		return r
	case <-ctx.Done():
		return ""
	}
}

// Barrier checks its context once, as a flag, and never waits on it.
func Barrier(ctx context.Context, done chan struct{}) { // want Barrier:`ignoresCancel\[0\]`
	if ctx == nil || ctx.Err() != nil {
		return
	}
	close(done)
}

// Wait blocks until done or its context ends.
func Wait(ctx context.Context, done chan struct{}) {
	select {
	case <-done:
	case <-ctx.Done():
	}
}
