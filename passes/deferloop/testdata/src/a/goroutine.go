package a

import (
	"net"
	"os"
)

// A worker goroutine that opens a file per job keeps every one open until
// the goroutine ends, which for a worker is never.
func startWorker(jobs <-chan string) {
	go func() {
		for name := range jobs {
			f, err := os.Open(name)
			if err != nil {
				continue
			}
			defer f.Close() // want `defer f.Close\(\) in the loop at line \d+ runs only when the enclosing func literal returns`
			f.Stat()
		}
	}()
}

// A for-select loop whose every case goes round again: the function never
// returns, so the deferred closes never run.
func serveForever(conns <-chan string, quit <-chan struct{}) {
	for {
		select {
		case addr := <-conns:
			c, err := net.Dial("tcp", addr)
			if err != nil {
				continue
			}
			defer c.Close() // want `defer c.Close\(\) in the loop at line \d+ never runs`
			c.Write(nil)
		case <-quit:
			continue
		}
	}
}
