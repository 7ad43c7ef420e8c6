//go:build go1.21

// Package go121 is compiled with Go 1.21 loop semantics: a for or range
// statement declares one variable for the whole loop.
package go121

import "sync"

func use(...any) {}

// Every goroutine shares v with the loop, which overwrites it.
func rangeGo(xs []int) {
	for _, v := range xs {
		go func() {
			use(v) // want `loop variable v is captured by the goroutine started at line [0-9]+`
		}()
	}
}

// The capture is in a conditional, not in the last statement: vet's
// loopclosure misses it.
func rangeGoConditional(xs []int) {
	for i, v := range xs {
		if i%2 == 0 {
			go func() {
				use(v) // want `loop variable v is captured by the goroutine`
			}()
		}
		use(i)
	}
}

// The goroutine is started before a continue path.
func rangeGoBeforeContinue(xs []int) {
	for _, v := range xs {
		if v < 0 {
			go func() {
				use(v) // want `loop variable v`
			}()
			continue
		}
		use(v)
	}
}

// The key is captured too.
func rangeKey(m map[string]int) {
	for k := range m {
		go func() {
			use(k) // want `loop variable k`
		}()
	}
}

// Passing the value as an argument copies it: correct.
func rangeArgOk(xs []int) {
	for _, v := range xs {
		go func(v int) {
			use(v)
		}(v)
	}
}

// Copying the variable inside the body makes one per iteration: correct.
func rangeCopyOk(xs []int) {
	for _, v := range xs {
		v := v
		go func() {
			use(v)
		}()
	}
}

// The iteration waits for its goroutine before the next one starts.
func rangeWaitOk(xs []int) {
	for _, v := range xs {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(v)
		}()
		wg.Wait()
	}
}

// A receive after the go statement waits for the goroutine's result.
func rangeReceiveOk(xs []int) {
	for _, v := range xs {
		done := make(chan int)
		go func() {
			done <- v
		}()
		<-done
	}
}

// The loop leaves right after starting the goroutine: v is never written
// again.
func rangeReturnOk(xs []int) {
	for _, v := range xs {
		if v > 10 {
			go func() {
				use(v)
			}()
			return
		}
	}
}

// Called in place: runs within the iteration.
func rangeCallOk(xs []int) {
	for _, v := range xs {
		func() {
			use(v)
		}()
	}
}

// The goroutine writes, never reads, the variable... which is still the
// loop variable: only reads are reported.
func rangeWriteOnlyOk(xs []int) {
	for i := range xs {
		go func() {
			i = 0
		}()
		use(i)
	}
}

// Key and value are both captured: one diagnostic (and one copy) each.
func rangeKeyValue(m map[string]int) {
	for k, v := range m {
		go func() {
			use(k, v) // want `loop variable k` `loop variable v`
		}()
	}
}
