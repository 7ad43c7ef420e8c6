package rangefunc

import (
	"iter"
	"os"
)

// The body of a range-over-func loop may be called by the iterator any
// number of times; its defers run when the enclosing function returns.
func openAll(names iter.Seq[string]) {
	for name := range names {
		f, _ := os.Open(name)
		defer f.Close() // want `defer f.Close\(\) in the body of a range-over-func loop`
	}
}

// Ok: the func literal releases each file at the end of its call.
func openAllLiteral(names iter.Seq[string]) {
	for name := range names {
		func() {
			f, _ := os.Open(name)
			defer f.Close()
		}()
	}
}
