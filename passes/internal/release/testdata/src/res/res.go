package res

import "errors"

type res struct{ n int }

func open() (*res, error) { return &res{}, nil }

func (r *res) Close()     {}
func (r *res) Next() bool { r.n--; return r.n > 0 }
func (r *res) Use()       {}

func closeIt(r *res) { r.Close() }

func maybeClose(r *res) {
	if r.n > 0 {
		r.Close()
	}
}

var kept []*res

func keep(r *res) { kept = append(kept, r) }

func plain() {
	r, err := open() // want `leaks at the end of the function`
	if err != nil {
		return
	}
	r.Use()
}

func deferred() {
	r, err := open()
	if err != nil {
		return
	}
	defer r.Close()
	r.Use()
}

func helper() {
	r, _ := open()
	closeIt(r)
}

func conditionalHelper() {
	r, _ := open()
	maybeClose(r) // closes on some paths only: nothing can be said after it
}

func kept_() {
	r, _ := open()
	keep(r)
}

// The error goes straight to the caller: which branch holds the resource
// is the caller's question.
func returned() (*res, error) {
	return open() // want `undecided`
}

func nilBranch() {
	r, _ := open()
	if r == nil {
		return
	}
	r.Close()
}

func errEqualNil() error {
	r, err := open() // want `leaks at line 75`
	if err == nil {
		if r.n > 0 {
			return errors.New("early")
		}
		r.Close()
	}
	return err
}

func opaqueErr() {
	r, err := open() // want `undecided`
	if isBad(err) {
		return
	}
	r.Close()
}

func isBad(err error) bool { return err != nil }

func exhausted() {
	r, _ := open()
	for r.Next() {
	}
}

func breakOut() {
	r, _ := open() // want `leaks at the end of the function`
	for r.Next() {
		if r.n == 3 {
			break
		}
	}
}

func loop(n int) {
	for i := 0; i < n; i++ {
		r, err := open() // want `leaks around the loop`
		if err != nil {
			continue
		}
		r.Use()
	}
}

func closure() {
	r, _ := open()
	defer func() { r.Close() }()
}

func closureCalled() {
	r, _ := open()
	f := func() { r.Close() }
	f()
}

func goroutine() {
	r, _ := open()
	go func() { r.Close() }()
}

func panics() {
	r, _ := open()
	if r.n < 0 {
		panic("negative")
	}
	r.Close()
}

func sent(ch chan *res) {
	r, _ := open()
	ch <- r
}

func fieldStored(h *struct{ r *res }) {
	r, _ := open()
	h.r = r
}

func discarded() {
	open() // want `leaks at the end of the function`
}
