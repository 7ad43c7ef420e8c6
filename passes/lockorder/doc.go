// Package lockorder defines an Analyzer that reports mutexes acquired in
// orders that form a cycle: two in opposite orders, or three or four
// around a ring.
//
// # Analyzer lockorder
//
// lockorder: mutexes acquired in opposite orders, or around a cycle, can deadlock goroutines
//
// When one goroutine holds A and waits for B while another holds B and
// waits for A, both wait forever. The two halves usually live in
// different methods, the second lock often taken by a callee. lockorder
// collects, for every acquisition in the package, the locks held on every
// path to it ("B acquired while holding A"; an acquisition by a callee, in
// this package or another through facts, counts at the call), and reports
// each pair acquired in both orders once, at one acquisition, with the
// other as related information. Edges of imported packages travel as a
// package fact, so a cycle closed across a package boundary is found in
// the package that closes it.
//
// The same graph of "acquired while holding" edges closes longer cycles:
// A then B in one function, B then C in a second, C then A in a third
// deadlock three goroutines even though no two functions disagree.
// lockorder reports cycles of three and four mutexes, each once, at the
// first acquisition of its edges in this package, naming the mutexes in
// order and giving the other edges' acquisitions as related information
// (an edge of an imported package is named by its function and line).
// Several cycles through one acquisition make one report, the shortest,
// with the count of the others. A cycle all of whose edges come from
// imported packages is left to the package that owns one of them.
//
// Mutexes are compared by identity: a field of a named type (Server.mu,
// Conn.mu), or a package variable.
//
// WRONG:
//
//	func (s *Server) CloseConns() {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		for c := range s.conns {
//			c.Close() // takes c.mu while s.mu is held
//		}
//	}
//
//	func (c *Conn) Close() {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		c.srv.forget(c) // takes s.mu while c.mu is held
//	}
//
// RIGHT: one order everywhere; here, collect the connections under s.mu
// and close them after releasing it:
//
//	func (s *Server) CloseConns() {
//		s.mu.Lock()
//		conns := make([]*Conn, 0, len(s.conns))
//		for c := range s.conns {
//			conns = append(conns, c)
//		}
//		s.mu.Unlock()
//		for _, c := range conns {
//			c.Close()
//		}
//	}
//
// lockorder deliberately does not report:
//
//   - orders taken in _test.go files: a test locks to force an
//     interleaving (holding one lock so that the code under test waits on
//     it), and a test that deadlocks fails by its own timeout;
//   - a lock of an object the function itself allocates and has not yet
//     handed to a goroutine, a channel or any variable beyond its own
//     (NewClient locking the client it is filling in while it holds the
//     config's lock): no other goroutine can hold that lock yet;
//   - two instances of one type (a.mu and b.mu, parent and child nodes):
//     code that locks them in a fixed order (by address, by id, parent
//     before child) is the usual correct idiom, and which instance comes
//     first is data the analysis cannot see;
//   - two read locks (RLock while holding RLock): readers do not exclude
//     readers; and a cycle in which one of the two mutexes is only
//     read-locked on both sides (the goroutines pass each other unless a
//     third one queues to write);
//   - a lock a goroutine unlocks for the function that took it (a mutex
//     handed between goroutines as a signal);
//   - the order inside a callee that unlocks the caller's lock first (a
//     `...AndUnlock` helper), acquisitions a callee makes only on some
//     paths (`if needLock { mu.Lock() }`), and paths that end in a panic;
//   - locks held on some paths only, locks of locals and of parameters of
//     type *sync.Mutex, which name different mutexes in different calls;
//   - cycles through five or more mutexes; a longer cycle that also has a
//     shorter one among its mutexes (an edge between two of them that is
//     not on the cycle, such as a pair also locked in the opposite order):
//     the shorter one is the report;
//   - a cycle whose edges are all taken while one more mutex is held for
//     writing (a gate lock): the gate lets one of them run at a time;
//   - a cycle in which some mutex is read-held by the edge leaving it and
//     read-acquired by the edge entering it, as for two mutexes;
//   - acquisitions in goroutines started with the lock held, and in
//     deferred calls.
//
// The analysis takes held sets from the shared lock model (lockset), so
// it costs one look-up per acquisition and a map of edges per package; the
// search for longer cycles is a depth-first walk of at most three steps
// from each edge of the package, with a fixed budget of steps. It
// has no flags and does not depend on the Go version.
package lockorder
