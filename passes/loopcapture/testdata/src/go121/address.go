//go:build go1.21

package go121

import "sync"

type item struct{ name string }

func (it *item) serve() {}

// Every element points to the one loop variable.
func appendAddress(xs []item) []*item {
	var out []*item
	for _, v := range xs {
		out = append(out, &v) // want `the address of loop variable v is appended to a slice at line \d+, which outlives the iteration: before Go 1.22 \(this file is go1.21\) the loop at line [0-9]+ has one v`
	}
	return out
}

// The address of a field is the loop variable's too.
func appendFieldAddress(xs []item) []*string {
	var out []*string
	for _, v := range xs {
		out = append(out, &v.name) // want `the address of loop variable v is appended to a slice`
	}
	return out
}

func storeAddress(m map[string]*item, xs []item) {
	for _, v := range xs {
		m[v.name] = &v // want `the address of loop variable v is stored in a map`
	}
}

func sendAddress(ch chan *item, xs []item) {
	for _, v := range xs {
		ch <- &v // want `the address of loop variable v is sent on a channel`
	}
}

// A pointer method called on a value in a go statement takes &v: every
// goroutine serves whatever v holds when it runs.
func goMethod(xs []item) {
	for _, v := range xs {
		go v.serve() // want `the address of loop variable v is given to the goroutine started`
	}
}

// The counted loop's variable, handed to goroutines.
func goAddress(n int, work func(*int)) { // want goAddress:"runsLater\\(0x2\\)"
	for i := 0; i < n; i++ {
		go work(&i) // want `the address of loop variable i is given to the goroutine started`
	}
}

// Ok: the loop stops once the address is kept, so nothing overwrites v.
func findOk(xs []item, name string) *item {
	var found *item
	for _, v := range xs {
		if v.name == name {
			found = &v
			break
		}
	}
	return found
}

// Ok: the slice is the iteration's own.
func localSliceOk(xs []item, use func([]*item)) {
	for _, v := range xs {
		var ptrs []*item
		ptrs = append(ptrs, &v)
		use(ptrs)
	}
}

// Ok: the iteration waits for the goroutine before the next pass.
func goWaitOk(xs []item, work func(*item, *sync.WaitGroup)) {
	for _, v := range xs {
		var wg sync.WaitGroup
		wg.Add(1)
		go work(&v, &wg)
		wg.Wait()
	}
}

// Ok: an address passed to an ordinary call is not followed (see
// realbugs: the Let's Encrypt CAA bug).
func callOk(xs []item, keep func(*item)) {
	for _, v := range xs {
		keep(&v)
	}
}

// Ok: the goroutine's literal signals done, and the iteration waits.
func goLiteralWaitOk(xs []item) {
	done := make(chan bool)
	for _, v := range xs {
		go func(p *item) {
			p.serve()
			done <- true
		}(&v)
		<-done
	}
}
