// Reconstruction of the watchdog in lf-edge/eve's websocket tunnel client,
// flagged in the review of lf-edge/eve#1884 ("zedcloud/wstunnelclient.go:
// timer := time.AfterFunc(tunTimeout, timeout) ... we need to defer Stop
// of timer"): the pinger armed a timeout that writes a close message to
// the socket and closes it, rearmed it from the pong handler, and closed
// the socket itself when its ping loop ended, leaving the timer to fire on
// the closed socket. The shipped pinger defers timer.Stop(). Written from
// the review and the fix; not the project's code.
package realbugs

import (
	"net"
	"time"
)

type tunnelConn struct {
	ws      net.Conn
	timeout time.Duration
	onPong  func(func())
}

// Before: nothing stops the timer when the ping loop ends.
func (c *tunnelConn) pingerBuggy() {
	expire := func() {
		if c.ws == nil {
			return
		}
		c.ws.Write([]byte("close"))
		time.Sleep(time.Second)
		if c.ws != nil {
			c.ws.Close()
		}
	}
	timer := time.AfterFunc(c.timeout, expire) // want `timer timer is not stopped before c.ws.Close\(\) at line 42 releases c.ws`
	c.onPong(func() { timer.Reset(c.timeout) })
	for c.ws != nil {
		if _, err := c.ws.Write([]byte("ping")); err != nil {
			break
		}
		time.Sleep(c.timeout / 3)
	}
	c.ws.Close()
}

// After: the deferred Stop runs on the way out.
func (c *tunnelConn) pingerFixed() {
	expire := func() {
		if c.ws == nil {
			return
		}
		c.ws.Write([]byte("close"))
		time.Sleep(time.Second)
		if c.ws != nil {
			c.ws.Close()
		}
	}
	timer := time.AfterFunc(c.timeout, expire)
	defer timer.Stop()
	c.onPong(func() { timer.Reset(c.timeout) })
	for c.ws != nil {
		if _, err := c.ws.Write([]byte("ping")); err != nil {
			break
		}
		time.Sleep(c.timeout / 3)
	}
	c.ws.Close()
}
