// Package afterfunc shows a watchdog that outlives its connection: Serve
// closes the connection and returns, and the timer fires later on it.
package afterfunc

import (
	"net"
	"time"
)

// Serve handles one request on conn, with a deadline watchdog.
func Serve(conn net.Conn, timeout time.Duration, handle func(net.Conn) error) error {
	defer conn.Close()
	time.AfterFunc(timeout, func() {
		conn.SetDeadline(time.Now())
	})
	return handle(conn)
}
