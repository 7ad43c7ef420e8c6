package a

// The loop stops at the first error: the remaining senders block forever.
func firstError(xs []int) error {
	errc := make(chan error)
	for _, x := range xs {
		go func() {
			errc <- work(x) // want `goroutine leaks: send on unbuffered channel errc blocks forever once the loop receiving from it at line [0-9]+ returns at line [0-9]+ before every sender is received; give errc a buffer of len\(xs\)`
		}()
	}
	for range xs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func work(int) error { return nil }

// OK: the buffer holds every send.
func firstErrorBuffered(xs []int) error {
	errc := make(chan error, len(xs))
	for _, x := range xs {
		go func() {
			errc <- work(x)
		}()
	}
	for range xs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// OK: every value is received before deciding.
func collectAll(xs []int) error {
	errc := make(chan error)
	for _, x := range xs {
		go func() {
			errc <- work(x)
		}()
	}
	var first error
	for range xs {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// OK: a loop that leaves when it has counted every sender.
func counted(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x }()
	}
	n, sum := 0, 0
	for {
		sum += <-ch
		n++
		if n == len(xs) {
			return sum
		}
	}
}

// Two go statements, and the first error returns early.
func twoSenders() error {
	errc := make(chan error)
	go func() { errc <- work(1) }() // want `goroutine leaks: 2 goroutines send on unbuffered channel errc but 1 of them blocks forever once the function returns at line [0-9]+ without receiving; give errc a buffer of 2`
	go func() { errc <- work(2) }()
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}

// OK: a buffer of 1 holds the one left.
func twoSendersBuffered() error {
	errc := make(chan error, 1)
	go func() { errc <- work(1) }()
	go func() { errc <- work(2) }()
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}

// OK: both are received on every path.
func twoSendersBoth() error {
	errc := make(chan error)
	go func() { errc <- work(1) }()
	go func() { errc <- work(2) }()
	err1, err2 := <-errc, <-errc
	if err1 != nil {
		return err1
	}
	return err2
}

// The first answer wins, the others block forever.
func firstWins(servers []string) string {
	ch := make(chan string)
	for _, s := range servers {
		go func() { ch <- s }() // want `goroutine leaks: goroutines started in a loop send on unbuffered channel ch, but only one value is received \(line [0-9]+\): the others block forever; give ch a buffer of len\(servers\)`
	}
	return <-ch
}

// A range with a break leaves the senders behind.
func rangeBreak(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x }() // want `once the loop receiving from it at line [0-9]+ returns at line [0-9]+`
	}
	for v := range ch {
		if v > 10 {
			return v
		}
	}
	return 0
}

// OK: a comma-ok loop that stops when the channel is closed.
func commaOk(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	sum := 0
	for {
		v, ok := <-ch
		if !ok {
			return sum
		}
		sum += v
	}
}

// OK: range until close drains everything.
func rangeAll(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// OK: a goroutine receives, so the parent is not the only drain.
func otherReceiver(xs []int) {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x }()
	}
	go func() {
		for range ch {
		}
	}()
}

// OK: range over an int (a rotated loop in SSA) receives from every
// sender, even when it runs zero times.
func rangeInt(procs int) int {
	ch := make(chan int)
	for range procs {
		go func() { ch <- 1 }()
	}
	sum := 0
	for range procs {
		sum += <-ch
	}
	return sum
}

// OK: each iteration starts one sender and receives from it before it may
// stop, so nothing is left behind.
func spawnAndReceiveEachIteration(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x }()
		if v := <-ch; v < 0 {
			return v
		}
	}
	return 0
}

// Three senders, a buffer of 1, and an early return after the first
// receive: one sender is left without room.
func threeSendersBufferOne() error {
	errc := make(chan error, 1)
	go func() { errc <- work(1) }() // want `goroutine leaks: 3 goroutines send on channel errc \(buffer 1\) but 2 of them block forever once the function returns at line \d+ without receiving; give errc a buffer of 3`
	go func() { errc <- work(2) }()
	go func() { errc <- work(3) }()
	if err := <-errc; err != nil {
		return err
	}
	<-errc
	<-errc
	return nil
}
