// Package syncmisuse shows wg.Add called inside the goroutine it counts.
package syncmisuse

import "sync"

// RunAll runs every job concurrently and waits for them.
func RunAll(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		go func() {
			wg.Add(1)
			defer wg.Done()
			job()
		}()
	}
	wg.Wait()
}
