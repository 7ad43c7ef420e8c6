package ctxprop

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// ignoresCancelFact marks a function that never waits on its context
// parameters Params: it reads their values (ctx.Value, a logger's trace
// ID), checks ctx.Err() as a flag, compares them with nil, or hands them
// only to functions that do the same. Cancelling such a context stops
// nothing, so a caller that passes context.TODO() instead of its own, or
// calls the context-less variant of such a function, loses nothing:
//
//	func (l *Logger) InfoContext(ctx context.Context, msg string) {
//		l.write(traceID(ctx), msg) // only ctx.Value
//	}
//
// Params are indices among the signature's parameters (receiver not
// counted), in increasing order.
type ignoresCancelFact struct {
	Params []int
}

func (*ignoresCancelFact) AFact() {}

func (f *ignoresCancelFact) String() string { return fmt.Sprintf("ignoresCancel%v", f.Params) }

// maxIgnoreDepth bounds how deep ignoresCancel follows a context through
// calls to functions of the package.
const maxIgnoreDepth = 4

// exportIgnoresCancelFacts exports an ignoresCancelFact for each function
// of the package (not func literals) that has a context parameter it
// never waits on.
func (c *checker) exportIgnoresCancelFacts(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || len(fn.Blocks) == 0 {
			continue
		}
		var params []int
		for i := 0; i < fn.Signature.Params().Len(); i++ {
			if isContext(fn.Signature.Params().At(i).Type()) && c.ignoresCancel(fn, i, 0) {
				params = append(params, i)
			}
		}
		if len(params) > 0 {
			c.pass.ExportObjectFact(obj, &ignoresCancelFact{Params: params})
		}
	}
}

// ignoresCancel reports whether fn never waits on its i-th parameter (a
// context): see ignoresCancelFact. Memoised per (fn, i).
func (c *checker) ignoresCancel(fn *ssa.Function, i, depth int) bool {
	key := paramKey{fn, i}
	if v, ok := c.ignoring[key]; ok {
		return v
	}
	if depth > maxIgnoreDepth || len(fn.Blocks) == 0 {
		return false
	}
	c.ignoring[key] = false // a recursive call waits, until shown otherwise
	p := fn.Params[i]
	if fn.Signature.Recv() != nil {
		p = fn.Params[i+1]
	}
	v := c.valueOnlyUses(p, depth)
	c.ignoring[key] = v
	return v
}

type paramKey struct {
	fn *ssa.Function
	i  int
}

// valueOnlyUses reports whether every use of the context ctx, and of the
// contexts derived from it, only reads it: Value, Err, a nil comparison,
// or a call that ignores cancellation (see ignoresCancelFact), and is used
// at all. Anything
// the analysis cannot follow (stored, captured, returned, passed to an
// interface method or a function it cannot see) counts as a wait.
func (c *checker) valueOnlyUses(ctx ssa.Value, depth int) bool {
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{ctx}
	used := false
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		if len(seen) >= maxAliases {
			return false
		}
		seen[v] = true
		for _, r := range ssax.Referrers(v) {
			if _, ok := r.(*ssa.DebugRef); !ok {
				used = true
			}
			switch r := r.(type) {
			case *ssa.Call:
				if r.Call.IsInvoke() && r.Call.Value == v {
					switch r.Call.Method.Name() {
					case "Value", "Err":
						continue
					}
					return false // Done, Deadline: waiting or timing on it
				}
				if typesx.IsFunc(ssax.Callee(&r.Call), "context", "WithValue", "WithoutCancel") && r.Call.Args[0] == v {
					work = append(work, r)
					continue
				}
				if !c.callIgnoresCancel(r, v, depth) {
					return false
				}
			case *ssa.BinOp:
				if r.Op != token.EQL && r.Op != token.NEQ {
					return false
				}
			case *ssa.DebugRef:
			case *ssa.ChangeInterface, *ssa.MakeInterface:
				work = append(work, r.(ssa.Value))
			default:
				return false
			}
		}
	}
	// An unused context parameter is a placeholder for cancellation to
	// come, a stub, or an interface's signature: the caller's context
	// should still be passed.
	return used
}

// callIgnoresCancel reports whether call, which passes ctx among its
// arguments, never waits on it: a values-only package, a function with an
// ignoresCancelFact for every parameter ctx is passed as, or a function of
// this package shown to ignore it.
func (c *checker) callIgnoresCancel(call *ssa.Call, ctx ssa.Value, depth int) bool {
	f := ssax.Callee(&call.Call)
	if f == nil {
		return false
	}
	if valuesOnly(f) {
		return true // a logger's or profiler's method, static or through an interface
	}
	if call.Call.IsInvoke() {
		return false
	}
	callee := call.Call.StaticCallee()
	shift := 0
	if sig, ok := f.Type().(*types.Signature); ok && sig.Recv() != nil {
		shift = 1
	}
	for j, a := range call.Call.Args {
		if a != ctx {
			continue
		}
		i := j - shift
		if i < 0 || !c.paramIgnoresCancel(f, callee, i, depth) {
			return false
		}
	}
	return true
}

// paramIgnoresCancel reports whether the function f (callee, when it has
// SSA in this package) never waits on its i-th parameter.
func (c *checker) paramIgnoresCancel(f *types.Func, callee *ssa.Function, i, depth int) bool {
	if callee != nil && callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg {
		if callee.Origin() != nil {
			callee = callee.Origin()
		}
		return c.ignoresCancel(callee, i, depth+1)
	}
	var fact ignoresCancelFact
	if !c.pass.ImportObjectFact(f.Origin(), &fact) {
		return false
	}
	for _, p := range fact.Params {
		if p == i {
			return true
		}
	}
	return false
}
