// Package handlergc defines an Analyzer that reports forced garbage
// collections on the request path of a server.
//
// # Analyzer handlergc
//
// handlergc: runtime.GC or debug.FreeOSMemory reachable from an HTTP or gRPC handler
//
// runtime.GC blocks its caller for a whole collection, and
// debug.FreeOSMemory forces one and then returns memory to the operating
// system: called on every request, they serialise the server behind the
// collector and burn CPU the pacer would have saved. handlergc finds the
// handlers of the package (functions and literals of type
// func(http.ResponseWriter, *http.Request), ServeHTTP methods, and the
// exported methods of a gRPC service implementation, recognised by its
// embedded Unimplemented...Server) and follows their calls to functions of
// the package, a few levels deep, to a call of either.
//
// WRONG:
//
//	func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
//		data, _ := io.ReadAll(r.Body)
//		s.store(data)
//		runtime.GC() // a full stop-the-world collection per upload
//	}
//
// RIGHT (let GOGC and GOMEMLIMIT pace the collector; if memory must be
// returned, do it from one background goroutine at a bounded rate):
//
//	func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
//		data, _ := io.ReadAll(r.Body)
//		s.store(data)
//	}
//
// Deliberately not reported:
//
//   - main, init, tests and benchmarks, and any code not reached from a
//     handler;
//   - handlers and helpers that write a heap profile (they call
//     runtime/pprof or net/http/pprof: a fresh heap profile needs a
//     collection first), and functions whose name says they are about
//     memory, garbage collection, profiling or debugging (an admin
//     endpoint that frees memory on demand does what it says);
//   - calls in other packages: the analysis follows only this package's
//     functions.
//
// The analyzer has no flags.
package handlergc
