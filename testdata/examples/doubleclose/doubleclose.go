// Package doubleclose shows a channel closed twice on one path: the
// deferred close panics after the explicit one.
package doubleclose

// Produce sends the numbers below n and closes out.
func Produce(n int, out chan<- int) {
	defer close(out)
	for i := 0; i < n; i++ {
		if i < 0 {
			break
		}
		out <- i
	}
	close(out)
}
