package a

import (
	"context"
	"io"
	"net"
	"os"
	"time"
)

// Ok: each file is appended to the readers used after the loop; closing it
// at the end of the iteration would hand a closed file to io.MultiReader.
func concatFiles(names []string) (int64, error) {
	var readers []io.Reader
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		readers = append(readers, f)
	}
	return io.Copy(io.Discard, io.MultiReader(readers...))
}

type client struct {
	conn net.Conn
	addr string
}

// Ok: the connection goes into a struct kept in a slice for later use.
func dialAll(addrs []string) ([]client, error) {
	var clients []client
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		clients = append(clients, client{conn: c, addr: a})
	}
	return clients, nil
}

// Ok: every connection is used by a goroutine that outlives the iteration.
func serveAll(addrs []string, done chan struct{}) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			return
		}
		defer c.Close()
		go func() {
			io.Copy(io.Discard, c)
		}()
	}
	<-done
}

// Ok: the connections are kept in a map keyed by address.
func dialMap(addrs []string) map[string]net.Conn {
	m := make(map[string]net.Conn)
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			continue
		}
		defer c.Close()
		m[a] = c
	}
	return m
}

// Ok: the last file opened is used after the loop.
func lastLog(names []string) ([]byte, error) {
	var last *os.File
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		last = f
	}
	return io.ReadAll(last)
}

// Ok: one deadline is narrowed on each pass and the narrowed context is
// shared by the later passes and the code after the loop; cancelling it at
// the end of a pass would cancel them.
func narrowing(ctx context.Context, steps []time.Duration) error {
	for _, d := range steps {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	return ctx.Err()
}

// Ok: a rollback: the listener is closed only when the function fails,
// otherwise it is handed to the caller's server.
func listenAll(addrs []string) (ls []net.Listener, err error) {
	for _, a := range addrs {
		l, err := net.Listen("tcp", a)
		if err != nil {
			return nil, err
		}
		defer func() {
			if err != nil {
				l.Close()
			}
		}()
		ls = append(ls, l)
	}
	return ls, nil
}

// Passing the file to a call that only reads it does not keep it: every
// file stays open until copyAll returns.
func copyAll(dst io.Writer, names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close() // want `defer f.Close\(\) in the loop at line \d+ runs only when copyAll returns, so every iteration's f stays open until then`
		if _, err := io.Copy(dst, f); err != nil {
			return err
		}
	}
	return nil
}

// A context used only inside its own pass is not shared: every timer is
// held until pollAll returns.
func pollAll(ctx context.Context, addrs []string) {
	for _, a := range addrs {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // want `defer cancel\(\) in the loop at line \d+ runs only when pollAll returns, so every iteration's context, with its timer, stays alive until then`
		var d net.Dialer
		d.DialContext(ctx, "tcp", a)
	}
}

type resolver struct{ depth int }

func (r *resolver) openScope()  { r.depth++ }
func (r *resolver) closeScope() { r.depth-- }

// A deferred scope pop in a loop leaks scopes, not files: the message
// says the call is put off, not that a resource is held.
func (r *resolver) declareAll(names []string) {
	for range names {
		r.openScope()
		defer r.closeScope() // want `runs only when declareAll returns, so every iteration's r.closeScope\(\) waits until then`
	}
}
