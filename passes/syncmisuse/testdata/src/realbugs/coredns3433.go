package realbugs

import "sync"

// coredns/coredns#3433: a goroutine called wg.Add for itself; the main
// goroutine could reach Wait first. Shape from the PR: the Add moved to
// the main goroutine.

func serveAll(addrs []string, serve func(string)) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		go func(addr string) {
			wg.Add(1) // want `wg.Add is called inside the goroutine it counts: the Wait at line 18`
			defer wg.Done()
			serve(addr)
		}(a)
	}
	wg.Wait()
}

func serveAllFixed(addrs []string, serve func(string)) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		wg.Add(1)
		go func(addr string) {
			defer wg.Done()
			serve(addr)
		}(a)
	}
	wg.Wait()
}
