package closerlib

// Finish closes its channel.
func Finish(done chan struct{}) { close(done) }

// Await only receives.
func Await(done <-chan struct{}) { <-done }

// Feed sends on its channel and does not close it.
func Feed(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- i
	}
}

// FeedAndClose sends, then closes.
func FeedAndClose(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- i
	}
	close(out)
}

// Generic closes its channel of any element type.
func FinishAll[T any](ch chan T) { close(ch) }
