// Package loopcapture shows goroutines that share one variable the loop
// overwrites: most of them see the last item, whatever the Go version.
package loopcapture

import "sync"

// Upload starts one goroutine per item, but every goroutine reads item,
// which the loop overwrites on the next pass.
func Upload(items []string, put func(string)) {
	var wg sync.WaitGroup
	var item string
	for i := range items {
		item = items[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			put(item)
		}()
	}
	wg.Wait()
}
