// Package loopcapture defines an Analyzer that reports func literals which
// run after their loop iteration ends and read a variable that the loop
// overwrites.
//
// # Analyzer loopcapture
//
// loopcapture: closure started in a loop reads a variable a later iteration overwrites
//
// A func literal "runs later" when it may still run after the loop
// iteration that created it has ended: it is started with go, deferred,
// passed to time.AfterFunc or context.AfterFunc, to an errgroup-style Go
// or TryGo method (errgroup.Group, sync.WaitGroup, worker pools), to t.Run
// when the subtest calls t.Parallel, to t.Cleanup, registered as an HTTP
// handler, stored in a map, a slice or a field of an element that outlives
// the iteration, sent on a channel, or passed to a function of this or
// another package that does one of these with it (known through a fact).
//
// Such a closure is reported when it reads a variable that is shared by all
// iterations and written by the loop after the closure was handed over:
//
//   - before Go 1.22 (a module or file declaring an older go version, or a
//     //go:build go1.21 line), the variables declared by a for or range
//     statement are one variable for the whole loop. The closure sees
//     whatever a later iteration stored, anywhere in the body: inside
//     conditionals, in nested loops, before a continue. The suggested fix
//     adds v := v at the top of the loop body.
//   - in every Go version, a variable declared outside the loop and
//     assigned inside it (x = f(), for i = 0; ...; i++, for k, v = range
//     with outer variables), or a field the loop assigns (s.cur = x) of a
//     struct or receiver the closure reads the same field of.
//
// Before Go 1.22 the address of a loop variable outlives the iteration in
// the same way: &v (or &v.f) appended to a slice or stored in a map that
// survives the iteration, sent on a channel, or given to a go or defer
// statement (go v.serve() with a pointer method takes &v) points to the
// one variable of the whole loop, and ends up seeing the last value.
//
// WRONG (go1.21):
//
//	for _, job := range jobs {
//		go func() {
//			run(job) // every goroutine may run the last job
//		}()
//	}
//
// WRONG (any version):
//
//	var conn net.Conn
//	for {
//		conn, err = ln.Accept()
//		...
//		go func() { serve(conn) }() // the next Accept overwrites conn
//	}
//
// RIGHT: pass the value, or declare the variable inside the loop:
//
//	for {
//		conn, err := ln.Accept()
//		...
//		go serve(conn)
//	}
//
// The analysis runs on SSA: a captured variable is an allocation, and the
// question is whether the loop stores to it again, on some path from the
// point where the closure is handed over, without first waiting for it.
//
// It deliberately does not report:
//   - a variable the closure assigns as well as reads (`log = append(log,
//     ...)`, `running--`): state it shares with the loop on purpose, as in
//     coroutine schedulers that run one function at a time; whether those
//     accesses race is a question for the race detector;
//   - a variable whose overwrite a flag rules out on every later pass: the
//     pass that starts the goroutine set the flag (`draining = true`), and
//     each later pass tests it and continues before the write; a path is
//     followed only through branches consistent with what it already
//     decided (cfg.PathExistsCorrelated);
//   - closures called synchronously within the iteration (called in place,
//     passed to sort.Slice, t.Run without t.Parallel, sync.Once.Do, or any
//     function not known to keep its argument);
//   - iterations that wait for the goroutine before the variable changes
//     again: a receive, a select with a receive case, or a Wait call
//     (sync.WaitGroup, errgroup.Group) on every path back to the write;
//   - values passed as arguments (go f(v)), and the per-iteration loop
//     variables of Go 1.22 and later;
//   - closures that only write the shared variable (a result collected
//     for after the loop: that is a data race question, not this one);
//   - for variables declared outside the loop, closures that lock a sync
//     mutex or use sync/atomic: the variable is shared state on purpose;
//   - closures stored in a slice, map or struct created inside the
//     iteration, which do not outlive it;
//   - closures stored in one package variable or struct field that every
//     iteration overwrites: only the last survives, and reading the latest
//     value is what it is for (nowFunc = func() time.Time { return tm });
//   - goroutines started inside the body of a range-over-func loop, which
//     go/ssa compiles into a separate function;
//   - the address of a loop variable passed to an ordinary call, which may
//     keep it (a constructor returning pointers into its argument) or not:
//     telling them apart needs pointer analysis across calls.
//
// The analyzer has no flags.
package loopcapture
