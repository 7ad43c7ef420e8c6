package bare

import (
	"fmt"
	"io"
	"os"
)

// Bug (with -barereturn): err from os.Open goes up with no context.
func readConfig(name string) ([]byte, error) { // want readConfig:`wraps`
	f, err := os.Open(name)
	if err != nil {
		return nil, err // want `err from os.Open \(line [0-9]+\) is returned without context: callers see the bare error with no hint of what readConfig was doing`
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return b, nil
}

func helper() error { return nil }

// OK: a call into the same package.
func local() error {
	err := helper()
	if err != nil {
		return err
	}
	return nil
}

type reader struct{ r io.Reader }

// OK: a Read method must return io.EOF itself.
func (r reader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	return n, err
}

// OK: ReadByte ends with io.EOF, which callers of next compare with ==.
func next(r interface{ ReadByte() (byte, error) }) (byte, error) {
	b, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	return b, nil
}

// Bug: the error of a call through an interface of another package.
func closeAll(cs []io.Closer) error {
	for _, c := range cs {
		if err := c.Close(); err != nil {
			return err // want `err from \(io.Closer\).Close \(line [0-9]+\) is returned without context`
		}
	}
	return nil
}
