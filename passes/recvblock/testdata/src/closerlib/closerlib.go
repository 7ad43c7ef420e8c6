package closerlib

// Finish closes its channel.
func Finish(done chan struct{}) { close(done) }

// Await only receives.
func Await(done <-chan struct{}) { <-done }
