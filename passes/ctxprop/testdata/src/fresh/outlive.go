package fresh

import (
	"context"
	"io"
	"time"
)

type pipe struct{}

func (pipe) Read([]byte) (int, error) { return 0, io.EOF }
func (pipe) Close() error             { return nil }

// openPipe waits for the other end until ctx is done, and ties nothing
// else to it.
func openPipe(ctx context.Context, path string) (io.ReadCloser, error) { return pipe{}, nil }

type process struct{ stdin io.ReadCloser }

// Not a bug: the pipe is kept in a field and lives as long as the process,
// not as long as the request that opened it.
func (p *process) attach(ctx context.Context, path string) error {
	in, err := openPipe(context.Background(), path)
	if err != nil {
		return err
	}
	p.stdin = in
	return nil
}

// Not a bug: a goroutine keeps copying from the pipe after attachCopy
// returns.
func attachCopy(ctx context.Context, path string, dst io.Writer) error {
	in, err := openPipe(context.Background(), path)
	if err != nil {
		return err
	}
	go func() {
		io.Copy(dst, in)
		in.Close()
	}()
	return nil
}

// Still a bug: the pipe is used and closed within the call, which ctx
// should be able to cancel.
func readAll(ctx context.Context, path string) ([]byte, error) {
	in, err := openPipe(context.Background(), path) // want `context.Background\(\) passed to openPipe drops ctx`
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return io.ReadAll(in)
}

type lease struct{}

func (lease) renew(ctx context.Context) error   { return nil }
func (lease) forget(ctx context.Context) error { return nil }

// Not a bug: the lease is forgotten after the loop, which leaves when ctx is
// done; ctx would make that fail at once on that path.
func keepAlive(ctx context.Context, l lease) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var err error
	for err == nil {
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-t.C:
			err = l.renew(ctx)
		}
	}
	l.forget(context.Background())
}

// Still a bug: the loop leaves only on a renewal error, never on ctx, so
// no path to the forget has seen ctx done.
func renewUntilError(ctx context.Context, l lease) {
	for {
		if err := l.renew(ctx); err != nil {
			break
		}
	}
	l.forget(context.Background()) // want `context.Background\(\) passed to l.forget drops ctx`
}
