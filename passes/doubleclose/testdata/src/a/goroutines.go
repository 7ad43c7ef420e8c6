package a

import "sync"

func work() {}

// workersEachClose: every worker closes results when it finishes; the
// second one to finish panics.
func workersEachClose(jobs <-chan int, n int) chan int {
	results := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			defer close(results) // want `close of results runs in every goroutine started at line [0-9]+ in a loop: the second goroutine to close it panics`
			for j := range jobs {
				results <- j
			}
		}()
	}
	return results
}

// workersWaitGroup: one goroutine closes results after every worker is done.
func workersWaitGroup(jobs <-chan int, n int) chan int {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- j
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// goroutinePerChannel: each goroutine closes its own channel.
func goroutinePerChannel(n int) {
	for i := 0; i < n; i++ {
		ch := make(chan int)
		go func() { close(ch) }()
		<-ch
	}
}

// twoGoroutines: both goroutines close done.
func twoGoroutines() {
	done := make(chan struct{})
	go func() {
		work()
		close(done)
	}()
	go func() {
		work()
		close(done) // want `close of done panics: done is also closed by the goroutine started at line [0-9]+`
	}()
	<-done
}

// twoGoroutinesOnce: both close through one sync.Once.
func twoGoroutinesOnce() {
	done := make(chan struct{})
	var once sync.Once
	stop := func() { close(done) }
	go func() {
		work()
		once.Do(stop)
	}()
	go func() {
		work()
		once.Do(stop)
	}()
	<-done
}

// goroutineAndParent: the goroutine closes done when it returns, and so
// does its parent.
func goroutineAndParent() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	work()
	close(done) // want `close of done panics: done is also closed by the goroutine started at line [0-9]+`
}

// goroutineOwnsClose: the parent only waits.
func goroutineOwnsClose() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	<-done
}

// parentClosesOnOtherPath: the parent closes only when it does not start the
// goroutine.
func parentClosesOnOtherPath(async bool) {
	done := make(chan struct{})
	if !async {
		close(done)
		return
	}
	go func() {
		defer close(done)
		work()
	}()
	<-done
}

func closer(ch chan int) { // want closer:`closes p0`
	work()
	close(ch)
}

// namedGoroutineTwice starts closer twice on the same channel.
func namedGoroutineTwice() {
	ch := make(chan int)
	go closer(ch)
	go closer(ch) // want `close of ch panics: ch is also closed by the goroutine started at line [0-9]+`
}

// namedGoroutineInLoop starts closer on one channel in a loop.
func namedGoroutineInLoop(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go closer(ch) // want `close of ch runs in every goroutine started at line [0-9]+ in a loop: the second goroutine to close it panics`
	}
}

// namedGoroutinePerChannel starts closer once per channel.
func namedGoroutinePerChannel(chans []chan int) {
	for _, ch := range chans {
		go closer(ch)
	}
}

// goroutineClosesOnCondition: whether it closes depends on data.
func goroutineClosesOnCondition(n int) {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() {
			if err := fail(i); err != nil {
				close(errc)
			}
		}()
	}
}

func fail(i int) error { return nil }

// forwarder: the goroutine's select loop closes out again once ctx is done.
func forwarder(ctx interface{ Done() <-chan struct{} }, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for {
			select {
			case <-ctx.Done():
				close(out) // want `close of out in the loop at line [0-9]+ runs again on the next iteration and panics`
			case v := <-in:
				out <- transform(v)
			}
		}
	}()
	return out
}

func transform(v int) int { return v }

// forwarderReturns returns after closing.
func forwarderReturns(ctx interface{ Done() <-chan struct{} }, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for {
			select {
			case <-ctx.Done():
				close(out)
				return
			case v := <-in:
				out <- transform(v)
			}
		}
	}()
	return out
}

// literalClosesTwice: the literal closes the captured done twice.
func literalClosesTwice() {
	done := make(chan struct{})
	go func() {
		close(done)
		close(done) // want `close of done panics: done is already closed at line [0-9]+ on this path`
	}()
	<-done
}

// literalRepoints: the literal re-points the captured variable first.
func literalRepoints() {
	done := make(chan struct{})
	go func() {
		close(done)
		done = make(chan struct{})
		close(done)
	}()
}
