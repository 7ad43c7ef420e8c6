package main

// fsnotify/fsnotify PR #495 reported its README example as wrong because
// nothing ever received from done; the maintainers explained it is there
// to block the main goroutine forever while the watcher's goroutine does
// the work. Silent: main blocking on purpose.
func main() {
	done := make(chan bool)
	go func() {
		for {
		}
	}()
	<-done // ok: blocks main on purpose
}
