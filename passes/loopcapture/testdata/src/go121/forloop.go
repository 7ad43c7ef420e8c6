//go:build go1.21

package go121

// The post statement i++ overwrites the one i of the loop.
func threeClause(n int) {
	for i := 0; i < n; i++ {
		go func() {
			use(i) // want `loop variable i is captured by the goroutine started at line [0-9]+`
		}()
	}
}

// A defer inside the loop runs at return, when i has its final value.
func deferred(n int) {
	for i := 0; i < n; i++ {
		defer func() {
			use(i) // want `loop variable i is captured by the call deferred at line [0-9]+`
		}()
	}
}

// A defer waits for nothing: the receive does not help.
func deferredReceive(n int, ch chan int) {
	for i := 0; i < n; i++ {
		defer func() {
			use(i) // want `loop variable i is captured by the call deferred`
		}()
		<-ch
	}
}

// A nested loop: the closure in the inner loop captures the outer loop's
// variable, which the outer loop overwrites.
func nested(xs [][]int) {
	for _, row := range xs {
		for j := range row {
			go func() {
				use(row) // want `loop variable row is captured by the goroutine started at line [0-9]+.*the loop at line [0-9]+`
			}()
			use(j)
		}
	}
}

// A nested loop whose inner loop waits: the outer loop's variable is only
// overwritten after the wait.
func nestedWaitOk(xs [][]int, done chan bool) {
	for _, row := range xs {
		for range row {
			go func() {
				use(row)
				done <- true
			}()
		}
		for range row {
			<-done
		}
	}
}
