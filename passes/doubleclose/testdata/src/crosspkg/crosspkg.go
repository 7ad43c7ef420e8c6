package crosspkg

import "helperlib"

// closeTwiceAcross closes ch twice through a helper of another package.
func closeTwiceAcross() {
	ch := make(chan int)
	helperlib.Close(ch)
	helperlib.Close(ch) // want `close of ch panics: ch is already closed at line [0-9]+ on this path`
}

// stopThenClose: Stop closes done, then it is closed again.
func stopThenClose() {
	done := make(chan struct{})
	helperlib.Stop(done)
	close(done) // want `close of done panics: done is already closed at line [0-9]+ on this path`
}

// closeOnceTwice: CloseOnce is idempotent.
func closeOnceTwice() {
	done := make(chan struct{})
	helperlib.CloseOnce(done)
	helperlib.CloseOnce(done)
}

// twoWorkers: both workers close out.
func twoWorkers(in <-chan int) chan int {
	out := make(chan int)
	go helperlib.Worker(in, out)
	go helperlib.Worker(in, out) // want `close of out panics: out is also closed by the goroutine started at line [0-9]+`
	return out
}

// closeConnTwice: Conn.Close always closes its channel.
func closeConnTwice(fail bool) {
	c := helperlib.NewConn()
	defer c.Close()
	if fail {
		c.Close() // want `c.done is closed here and again by the deferred close at line [0-9]+ when the function returns`
		return
	}
}

// closeConnAfterUse: use may re-point c's channel; the analysis cannot tell.
func closeConnAfterUse() {
	c := helperlib.NewConn()
	defer c.Close()
	use(c)
	c.Close()
}

func use(*helperlib.Conn) {}

// closeSafeConnTwice: SafeConn.Close checks first.
func closeSafeConnTwice() {
	c := &helperlib.SafeConn{}
	defer c.Close()
	c.Close()
}
