package fix

import "context"

func slow() int { return 1 }

func one(ctx context.Context) int {
	results := make(chan int)
	go func() { results <- slow() }() // want `give results a buffer of 1`
	select {
	case r := <-results:
		return r
	case <-ctx.Done():
		return 0
	}
}

func zero(ctx context.Context) int {
	results := make(chan int, 0)
	go func() { results <- slow() }() // want `give results a buffer of 1`
	select {
	case r := <-results:
		return r
	case <-ctx.Done():
		return 0
	}
}

func many(xs []int) error {
	errc := make(chan error)
	for range xs {
		go func() { errc <- nil }() // want `give errc a buffer of len\(xs\)`
	}
	for range xs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func counted(n int) error {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errc <- nil }() // want `give errc a buffer of n`
	}
	for i := 0; i < n; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// No fix: xs is declared after the make.
func late() error {
	errc := make(chan error)
	xs := []int{1, 2, 3}
	for range xs {
		go func() { errc <- nil }() // want `give errc a buffer for every sender`
	}
	for range xs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func three() error {
	errc := make(chan error, 1)
	go func() { errc <- nil }() // want `give errc a buffer of 3`
	go func() { errc <- nil }()
	go func() { errc <- nil }()
	if err := <-errc; err != nil {
		return err
	}
	<-errc
	<-errc
	return nil
}

// forgot: the function simply forgets the goroutine on an error path; the
// fix is to receive there, which is no mechanical rewrite, so no buffer
// is suggested.
func forgot(fail bool) int {
	results := make(chan int)
	go func() { results <- slow() }() // want `receive from results before that return`
	if fail {
		return 0
	}
	return <-results
}
