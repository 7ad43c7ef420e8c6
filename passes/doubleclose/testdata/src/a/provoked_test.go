package a

import "testing"

// Ok: a test that checks the runtime's panic value closes twice on
// purpose: each case panics on every run, under panicValue's recover.
func TestClosePanics(t *testing.T) {
	cases := []func(){
		func() {
			ch := make(chan struct{})
			close(ch)
			close(ch)
		},
		func() {
			ch := make(chan int)
			close(ch)
			ch <- 1
		},
	}
	for i, f := range cases {
		if panicValue(f) == nil {
			t.Errorf("case %d did not panic", i)
		}
	}
}

func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// A test helper that closes twice only on one path is still a bug: the
// test passes on the other path and the panic hides in a flaky run.
func drainAndClose(t *testing.T, ch chan int, last bool) { // want drainAndClose:`closes p1`
	close(ch)
	if last {
		close(ch) // want `close of ch panics: ch is already closed`
	}
}

// A test function that panics on every run fails: that is not a panic
// provoked on purpose.
func TestStopTwice(t *testing.T) {
	done := make(chan struct{})
	close(done)
	close(done) // want `close of done panics: done is already closed`
}
