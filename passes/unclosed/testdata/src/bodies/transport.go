package bodies

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
)

// A Transport the function builds on an in-memory connection of its own
// (httputil.DumpRequestOut's shape): the function scripts the reply, owns
// both ends of the wire, and the response it discards was written by it.
type tapeConn struct {
	net.Conn
	io.Reader
	io.Writer
}

func (c *tapeConn) Read(p []byte) (int, error)  { return c.Reader.Read(p) }
func (c *tapeConn) Write(p []byte) (int, error) { return c.Writer.Write(p) }
func (c *tapeConn) Close() error                { return nil }

func recordRequest(req *http.Request) ([]byte, error) {
	var wire bytes.Buffer
	t := &http.Transport{
		Dial: func(network, addr string) (net.Conn, error) {
			return &tapeConn{Reader: strings.NewReader("HTTP/1.1 204 No Content\r\n\r\n"), Writer: &wire}, nil
		},
	}
	defer t.CloseIdleConnections()
	_, err := t.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	return wire.Bytes(), nil
}

// The same through a Client around it, with a net.Pipe end as the
// connection.
func recordThroughClient(req *http.Request) error {
	c1, c2 := net.Pipe()
	defer c2.Close()
	c := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return c1, nil
		},
	}}
	_, err := c.Do(req)
	if err != nil {
		return err
	}
	return nil
}

// A Transport of its own that dials the network: the response is a real
// one, and its connection leaks.
func ownTransportRealDial(req *http.Request) error {
	t := &http.Transport{
		Dial: func(network, addr string) (net.Conn, error) {
			return net.Dial(network, addr)
		},
	}
	_, err := t.RoundTrip(req) // want `the response returned by t.RoundTrip is discarded and never closed`
	if err != nil {
		return err
	}
	return nil
}

// A Transport whose dialer is replaced later by a real one.
func dialReplaced(req *http.Request, d func(string, string) (net.Conn, error)) error {
	t := &http.Transport{
		Dial: func(network, addr string) (net.Conn, error) {
			return &tapeConn{}, nil
		},
	}
	t.Dial = d
	_, err := t.RoundTrip(req) // want `the response returned by t.RoundTrip is discarded and never closed`
	if err != nil {
		return err
	}
	return nil
}

// A Client whose Transport is not its own: a real round trip.
func sharedTransport(req *http.Request, rt http.RoundTripper) error {
	c := &http.Client{Transport: rt}
	_, err := c.Do(req) // want `the response returned by c.Do is discarded and never closed`
	if err != nil {
		return err
	}
	return nil
}

func configure(t *http.Transport) {}

// A scripted Transport handed to code that may change its dialer.
func handedOn(req *http.Request) error {
	t := &http.Transport{
		Dial: func(network, addr string) (net.Conn, error) {
			return &tapeConn{}, nil
		},
	}
	configure(t)
	_, err := t.RoundTrip(req) // want `the response returned by t.RoundTrip is discarded and never closed`
	if err != nil {
		return err
	}
	return nil
}
