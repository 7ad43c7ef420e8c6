// Package poolput defines an Analyzer that reports values taken from a
// sync.Pool and not put back where the pool needs them.
//
// # Analyzer poolput
//
// poolput: sync.Pool value not put back on an error path, or taken in a loop and put back after it
//
// A sync.Pool saves allocations only if what is taken with Get comes back
// with Put. poolput follows the value from Get (through its type
// assertion) with the same engine as unclosed (passes/internal/release)
// and reports:
//
//   - a return of a non-nil error reached without putting the value back:
//     every failure allocates anew, often exactly under load;
//   - a Get in a loop that comes back to the Get without a Put, typically
//     with a single Put after the loop: every pass but the last allocates.
//
// WRONG:
//
//	buf := bufPool.Get().(*bytes.Buffer)
//	buf.Reset()
//	if err := render(buf, v); err != nil {
//		return err // buf is never put back
//	}
//	bufPool.Put(buf)
//
// RIGHT:
//
//	buf := bufPool.Get().(*bytes.Buffer)
//	defer bufPool.Put(buf)
//	buf.Reset()
//
// Helpers count, in this package and others (as facts): putBuffer(buf)
// that puts back on every path releases it; getBuffer() that returns a
// value straight from Get is itself a source.
//
// Deliberately not reported:
//
//   - a value the function never puts back at all: it is handed off on
//     purpose (its bytes may still be in flight) or simply not pooled;
//     only a function that puts back on some paths and not on others
//     shows the author's intent and its gap;
//   - returns without an error (or with a nil one): a success path may
//     keep the value on purpose, because its bytes are still in use or
//     because it grew too large to pool;
//   - a value returned, stored in a field, a map or a slice, sent on a
//     channel, captured by a closure that is not simply called or
//     deferred, or passed to code that may keep it;
//   - paths ending in a panic or a call that does not return;
//   - tests and generated files.
//
// The analyzer has no flags.
package poolput
