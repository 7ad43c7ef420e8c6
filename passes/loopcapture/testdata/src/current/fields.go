package current

import "net"

type server struct {
	cur  net.Conn
	n    int
	name string
}

func (s *server) handle(net.Conn) {}

// The loop overwrites s.cur, which the goroutine reads.
func (s *server) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.cur = c
		go func() {
			s.handle(s.cur) // want `s.cur is shared by every iteration of the loop at line [0-9]+, which overwrites it at line [0-9]+`
		}()
	}
}

// The goroutine reads another field than the one the loop writes.
func (s *server) otherFieldOk(xs []int) {
	for _, x := range xs {
		s.n = x
		go func() {
			use(s.name)
		}()
	}
}

// A struct variable whose field the loop writes.
func structVar(xs []int) {
	var st server
	for _, x := range xs {
		st.n = x
		go func() {
			use(st.n) // want `st.n is shared by every iteration`
		}()
	}
}

// A struct declared in the iteration: one per pass.
func structPerIterationOk(xs []int) {
	for _, x := range xs {
		var st server
		st.n = x
		go func() {
			use(st.n)
		}()
	}
}
