package a

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
)

// Bug: os.Open returns *fs.PathError, never os.ErrNotExist itself.
func stdOpen(name string) bool {
	_, err := os.Open(name)
	return err == os.ErrNotExist // want `err == os.ErrNotExist misses a wrapped os.ErrNotExist: err may come from os.Open, which returns errors wrapped in \*fs.PathError`
}

// Bug: through a helper of this package.
func openConfig() error { // want openConfig:`wraps`
	f, err := os.Open("config")
	if err != nil {
		return err
	}
	return f.Close()
}

func stdOpenHelper() bool {
	err := openConfig()
	return err == os.ErrNotExist // want `err may come from openConfig, which returns errors wrapped in \*fs.PathError`
}

// Bug: strconv wraps ErrSyntax in *strconv.NumError.
func stdAtoi(s string) bool {
	_, err := strconv.Atoi(s)
	return err == strconv.ErrSyntax // want `err == strconv.ErrSyntax misses a wrapped strconv.ErrSyntax`
}

// Bug: the HTTP client wraps context errors in *url.Error.
func stdHTTP(c *http.Client, req *http.Request) bool {
	_, err := c.Do(req)
	return err == context.DeadlineExceeded // want `misses a wrapped context.DeadlineExceeded: err may come from \(http.Client\).Do, which returns errors wrapped in \*url.Error`
}

// Bug: exec.LookPath wraps ErrNotFound in *exec.Error.
func stdLookPath() bool {
	_, err := exec.LookPath("git")
	return err == exec.ErrNotFound // want `misses a wrapped exec.ErrNotFound`
}

// OK: sql.ErrNoRows is returned by Scan as it is.
func stdNoRows(row *sql.Row) bool {
	var n int
	err := row.Scan(&n)
	return err == sql.ErrNoRows
}

// OK: http.ErrServerClosed is returned by ListenAndServe as it is.
func stdServerClosed(s *http.Server) bool {
	err := s.ListenAndServe()
	return err == http.ErrServerClosed
}

// OK: io.EOF from (*os.File).Read is unwrapped.
func stdFileEOF(f *os.File) bool {
	_, err := f.Read(make([]byte, 1))
	return err == io.EOF
}

// OK: io.ReadFull returns io.ErrUnexpectedEOF as it is.
func stdReadFull(r io.Reader) bool {
	_, err := io.ReadFull(r, make([]byte, 4))
	return err == io.ErrUnexpectedEOF
}

// OK: os.Open's *PathError implements nothing a caller asserts wrongly; the
// Errno inside is reached with errors.As, which this is.
func stdCtx(ctx context.Context) bool {
	return ctx.Err() == context.Canceled
}

// OK: the code unwraps the *fs.PathError itself before comparing.
func stdUnwrappedByHand(f *os.File) bool {
	_, err := f.Read(make([]byte, 1))
	if pe, ok := err.(*os.PathError); ok {
		err = pe.Err
	}
	return err == os.ErrClosed
}

func truncated(r io.Reader) error { // want truncated:`wraps`
	if _, err := r.Read(nil); err != nil {
		return err
	}
	return fmt.Errorf("short read: %w", io.EOF)
}

// OK: wrapping io.EOF turns end-of-input into a failure on purpose; == io.EOF
// rightly does not match it.
func stdWrappedEOFOnPurpose(r io.Reader) bool {
	return truncated(r) == io.EOF
}
