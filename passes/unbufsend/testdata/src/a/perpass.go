package a

import "sync/atomic"

// A channel made on each pass of a loop is a new channel each time: the
// pass that makes the next one has abandoned the previous one, as a
// return would.

// OK: each pass receives from the goroutine it started.
func perPassReceived(xs []int) int {
	sum := 0
	for _, x := range xs {
		ch := make(chan int)
		go func() { ch <- x * 2 }()
		sum += <-ch
	}
	return sum
}

// Two senders per pass, one receive: each pass leaves one behind.
func perPassTwoSenders(xs []int) int {
	sum := 0
	for _, x := range xs {
		ch := make(chan int)
		go func() { ch <- x }() // want `goroutine leaks: 2 goroutines send on unbuffered channel ch but 1 of them blocks forever once the loop starts its next pass without receiving \(line [0-9]+ makes a new ch\); give ch a buffer of 2`
		go func() { ch <- -x }()
		sum += <-ch
	}
	return sum
}

// OK: the buffer holds the second send.
func perPassTwoSendersBuffered(xs []int) int {
	sum := 0
	for _, x := range xs {
		ch := make(chan int, 1)
		go func() { ch <- x }()
		go func() { ch <- -x }()
		sum += <-ch
	}
	return sum
}

// A pass that skips the receive on error moves on and strands the sender.
func perPassContinue(xs []int) int {
	sum := 0
	for _, x := range xs {
		ch := make(chan int)
		go func() { ch <- x }() // want `goroutine leaks: send on unbuffered channel ch blocks forever once the loop starts its next pass without receiving \(line [0-9]+ makes a new ch\); give ch a buffer of 1`
		if err := check(); err != nil {
			continue
		}
		sum += <-ch
	}
	return sum
}

// Nothing receives from any pass's channel.
func perPassNeverReceived(xs []int) {
	for _, x := range xs {
		done := make(chan bool)
		go func() {
			work(x)
			done <- true // want `send on unbuffered channel done blocks forever because nothing receives from it; receive from done, or give done a buffer of 1 if its value is not needed`
		}()
	}
}

// OK: a loop inside the pass receives once per sender of that pass.
func perPassInnerLoop(xss [][]int) int {
	sum := 0
	for _, xs := range xss {
		ch := make(chan int)
		for _, x := range xs {
			go func() { ch <- x }()
		}
		for range xs {
			sum += <-ch
		}
	}
	return sum
}

// An inner loop that stops at the first error leaves that pass's other
// senders behind.
func perPassInnerLoopStops(xss [][]int) error {
	for _, xs := range xss {
		errc := make(chan error)
		for _, x := range xs {
			go func() { errc <- work(x) }() // want `goroutine leaks: send on unbuffered channel errc blocks forever once the loop receiving from it at line [0-9]+ moves on to its next pass before every sender is received`
		}
		for range xs {
			if err := <-errc; err != nil {
				break
			}
		}
	}
	return nil
}

// OK: the variable keeps one channel across passes, made on the first:
// the receive of a later pass may take an earlier pass's send.
func perPassReused(xs []int) int {
	var ch chan int
	sum := 0
	for i, x := range xs {
		if i == 0 {
			ch = make(chan int)
		}
		go func() { ch <- x }()
		sum += <-ch
	}
	return sum
}

// OK: the same last-one-sends shape, on a new channel per try.
func lastOneSendsPerTry(tries, procs int) {
	for try := 0; try < tries; try++ {
		done := make(chan bool)
		var n atomic.Int32
		for p := 0; p < procs; p++ {
			go func() {
				if n.Add(1) == int32(procs) {
					done <- true
					return
				}
			}()
		}
		<-done
	}
}

func serveEach(done chan<- string, packets []string) {
	go func() {
		for _, p := range packets {
			done <- p
		}
	}()
}

// OK: one server goroutine per pass sends once per packet, and the pass
// receives one (log/syslog's test): how many packets arrive is not
// known, so neither is whether one is left.
func perPassServer(tests [][]string) {
	for _, packets := range tests {
		done := make(chan string)
		serveEach(done, packets)
		<-done
	}
}
