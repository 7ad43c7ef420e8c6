package a

import (
	"context"

	"lib"
)

func produce(ch chan<- int) {
	ch <- slow()
}

// A named function started with go, same package.
func namedSender(ctx context.Context) int {
	ch := make(chan int)
	go produce(ch) // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on ctx.Done\(\); give ch a buffer of 1`
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func startProducer(ch chan int) {
	go produce(ch)
}

// A helper starts the goroutine.
func helperStarts(ctx context.Context) int {
	ch := make(chan int)
	startProducer(ch) // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on ctx.Done\(\)`
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Another package's helper, known through facts.
func otherPackage(ctx context.Context) int {
	ch := make(chan int)
	go lib.Produce(ch) // want `goroutine leaks: send on unbuffered channel ch blocks forever once the select at line [0-9]+ returns on ctx.Done\(\)`
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// OK: the other package's sender selects on ctx.Done() itself.
func otherPackagePolite(ctx context.Context) int {
	ch := make(chan int)
	go lib.ProducePolite(ctx, ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// OK: the other package keeps the channel.
func otherPackageKeeps(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	lib.Keep(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// A generator whose consumer stops early.
func gen(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- i
		}
	}()
	return out
}

func firstBig() int {
	for v := range gen(100) { // want `goroutine leaks: send on unbuffered channel returned by gen blocks forever once the loop receiving from it at line [0-9]+ returns at line [0-9]+ before every sender is received; receive until it is closed, or let the generator stop early`
		if v > 10 {
			return v
		}
	}
	return -1
}

// OK: the consumer drains the generator.
func sumAll() int {
	s := 0
	for v := range gen(100) {
		s += v
	}
	return s
}

// Another package's generator, known through facts.
func firstBigOther() int {
	for v := range lib.Count(100) { // want `send on unbuffered channel returned by Count blocks forever once the loop receiving from it at line \d+ returns`
		if v > 10 {
			return v
		}
	}
	return -1
}

// OK: the generator stops on cancellation.
func firstBigPolite(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for v := range lib.CountCtx(ctx, 100) {
		if v > 10 {
			return v
		}
	}
	return -1
}
