package doubleclose

import (
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

func constantInt(k *ssa.Const) (int64, bool) {
	if k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

func isNumber(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsInteger|types.IsFloat) != 0
}

func isPhi(v ssa.Value) bool {
	_, ok := v.(*ssa.Phi)
	return ok
}

// isFreshNilTest matches v == nil and v != nil where v is the result of a
// call or a type assertion (`if u := req.GetUpdate(); u != nil`): data
// computed on the spot, not a flag kept in memory. Channels are excluded:
// `if ch != nil { close(ch) }` is how code marks a channel closed.
func isFreshNilTest(cond *ssa.BinOp) bool {
	v := cond.X
	if k, ok := v.(*ssa.Const); ok && k.IsNil() {
		v = cond.Y
	} else if k, ok := cond.Y.(*ssa.Const); !ok || !k.IsNil() {
		return false
	}
	if _, isChan := v.Type().Underlying().(*types.Chan); isChan {
		return false
	}
	switch v := v.(type) {
	case *ssa.Call, *ssa.TypeAssert:
		return true
	case *ssa.Extract:
		switch v.Tuple.(type) {
		case *ssa.Call, *ssa.TypeAssert:
			return true
		}
	}
	return false
}

var errorType = types.Universe.Lookup("error").Type()

// isErrNilTest matches err == nil and err != nil for a value of type error.
func isErrNilTest(cond *ssa.BinOp) bool {
	isNil := func(v ssa.Value) bool {
		k, ok := v.(*ssa.Const)
		return ok && k.IsNil()
	}
	switch {
	case isNil(cond.Y):
		return types.Identical(cond.X.Type(), errorType)
	case isNil(cond.X):
		return types.Identical(cond.Y.Type(), errorType)
	}
	return false
}

// isDoneCall matches x.Done() returning a channel: a context's Done, and
// every type that follows its convention.
func isDoneCall(call *ssa.Call) bool {
	common := call.Common()
	if common.IsInvoke() {
		return common.Method.Name() == "Done" && len(common.Args) == 0
	}
	callee := common.StaticCallee()
	return callee != nil && callee.Signature.Recv() != nil && callee.Name() == "Done" && len(common.Args) == 1
}

// isTimerCall matches time.After and time.Tick, which fire again on every
// iteration that calls them or after every period.
func isTimerCall(call *ssa.Call) bool {
	return ssax.IsCall(call.Common(), "time", "After", "Tick")
}

// isTimerField matches the load of t.C for a *time.Ticker or *time.Timer.
func isTimerField(load *ssa.UnOp) bool {
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	return typesx.IsPointerTo(fa.X.Type().Underlying(), "time", "Ticker", "Timer")
}

// isSignalChan reports whether t is a channel of struct{}: one that carries
// no value, used to signal by closing it.
func isSignalChan(t types.Type) bool {
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	st, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// storedIn reports whether fn stores to loc anywhere. It is memoised: the
// question comes up at every select case on a field.
func (c *checker) storedIn(fn *ssa.Function, loc chanflow.Location) bool {
	key := storeKey{fn, loc}
	if v, ok := c.stored[key]; ok {
		return v
	}
	v := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Store); ok && loc.MayStore(instr) {
				v = true
			}
		}
	}
	c.stored[key] = v
	return v
}

type storeKey struct {
	fn  *ssa.Function
	loc chanflow.Location
}

// inertPackages are standard packages whose functions cannot store a
// channel into a field of the caller's structs.
var inertPackages = map[string]bool{
	"bytes": true, "context": true, "errors": true, "fmt": true, "io": true,
	"log": true, "log/slog": true, "maps": true, "math": true, "os": true,
	"runtime": true, "slices": true, "sort": true, "strconv": true,
	"strings": true, "sync": true, "sync/atomic": true, "time": true,
	"unicode/utf8": true,
}

// mayStore reports whether instr is a call that may re-point a field or
// global: any call but builtins and functions of inert standard packages.
// A go statement counts, as the goroutine may store at any time.
func mayStore(instr ssa.Instruction) bool {
	var common *ssa.CallCommon
	switch instr := instr.(type) {
	case *ssa.Call:
		common = instr.Common()
	case *ssa.Go:
		return true
	default:
		return false
	}
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return false
	}
	if common.IsInvoke() {
		// An interface method may run any code; a context's may not.
		return !typesx.InPackage(common.Method, "context")
	}
	var pkg *types.Package
	if callee := common.StaticCallee(); callee != nil {
		if obj := callee.Object(); obj != nil {
			pkg = obj.Pkg()
		}
	}
	return pkg == nil || !inertPackages[pkg.Path()]
}

// noReturn reports whether instr is a call after which the path goes
// nowhere: one go/ssa knows never returns (ctrlflow's answer: os.Exit,
// log.Fatal, runtime.Goexit, t.FailNow), or one that stops a test through
// testing.TB.
func noReturn(instr ssa.Instruction) bool {
	return ssax.NeverReturns(instr) || ssax.StopsTest(instr)
}

// mayStoreCaptured reports whether instr is a call that may re-point a
// variable captured from the enclosing function: only another closure
// sharing it can, so calls of package-level functions and methods, which
// cannot see it, are harmless.
func mayStoreCaptured(instr ssa.Instruction) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	if _, isDefer := instr.(*ssa.Defer); isDefer {
		return false // runs at the return
	}
	common := call.Common()
	if common.IsInvoke() {
		return false // a method of a type cannot reach a local variable's cell
	}
	switch v := common.Value.(type) {
	case *ssa.Builtin:
		return false
	case *ssa.Function:
		return v.Parent() != nil
	}
	return true // a closure or a func value: it may share the variable
}
