// Package tested has a finding in its code and one in its test.
package tested

// Stop closes done twice: the second close panics.
func Stop(done chan struct{}) {
	close(done)
	close(done)
}
