// Package ssax answers the questions leakvet's analyzers ask of go/ssa
// calls and values, in one set of words:
//
//   - Callee: which declared function or method a call calls (static
//     calls, including generic instances, and interface method calls).
//   - IsCall / IsMethodCall: is this a call of pkg.F, of method pkg.T.M?
//   - NeverReturns: does this call not return, as go/ssa and ctrlflow know
//     it (the call SSA ends its block after)?
//   - StopsTest / FailsTest: does this call end the running test or
//     benchmark (t.Fatal, t.FailNow, t.Skip...), does it mark it failed?
//   - Referrers: the instructions that use a value, never nil-dereferenced.
//
// Type-level questions (is this type pkg.Name, the receiver's type name)
// are package typesx's.
package ssax

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// Callee returns the declared function or method that call calls: the
// object of the static callee (the generic function itself for an
// instance; the declared method for a call through embedding, which go/ssa
// resolves statically) or, for an interface method call, the interface's
// method. It returns nil for calls of builtins, closures, func values,
// synthetic wrappers and functions without an object.
func Callee(call *ssa.CallCommon) *types.Func {
	if call == nil {
		return nil
	}
	if call.IsInvoke() {
		return call.Method
	}
	fn := call.StaticCallee()
	if fn == nil {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil {
		return nil
	}
	return obj.Origin()
}

// IsCall reports whether call is a call of the package-level function
// pkg.name, for one of names.
func IsCall(call *ssa.CallCommon, pkg string, names ...string) bool {
	return typesx.IsFunc(Callee(call), pkg, names...)
}

// IsMethodCall reports whether call calls the method name (one of names;
// any when empty) declared on pkg.typ, statically or through the interface
// pkg.typ.
func IsMethodCall(call *ssa.CallCommon, pkg, typ string, names ...string) bool {
	return typesx.IsMethod(Callee(call), pkg, typ, names...)
}

// CallOf returns the call common of instr if it is a call, go or defer.
func CallOf(instr ssa.Instruction) *ssa.CallCommon {
	if c, ok := instr.(ssa.CallInstruction); ok {
		return c.Common()
	}
	return nil
}

// Referrers returns the instructions that use v, or nil when go/ssa keeps
// no referrers for it (constants, globals, functions).
func Referrers(v ssa.Value) []ssa.Instruction {
	if v == nil {
		return nil
	}
	if refs := v.Referrers(); refs != nil {
		return *refs
	}
	return nil
}

// NeverReturns reports whether instr is a call that never returns normally
// as far as go/ssa knows: buildssa asks ctrlflow which functions cannot
// return (those of the package being analyzed, and through facts those of
// every dependency, the standard library's included: os.Exit, log.Fatal,
// (*testing.common).FailNow, runtime.Goexit...) and ends the block after
// such a call with a panic. This predicate recognises that panic, so every
// analyzer gets ctrlflow's answer and no analyzer keeps its own list.
//
// It does not know calls through interfaces or func values (a logger
// interface's Fatal): no analysis proves those, and guessing by name
// would call any method named Exit a process exit.
func NeverReturns(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	b := call.Block()
	if b == nil || len(b.Instrs) < 2 {
		return false
	}
	// go/ssa emits the call, the conversion of its constant to interface,
	// then the panic, and starts a new block: the panic ends the call's
	// block, so the test costs the same whatever the block's size (it runs
	// for every instruction of every walk that avoids such calls).
	last := len(b.Instrs) - 1
	p, ok := b.Instrs[last].(*ssa.Panic)
	if !ok || p.Pos() != call.Pos() || !isNoReturnValue(p.X) {
		return false
	}
	for i := last - 1; i >= 0 && i >= last-2; i-- {
		switch x := b.Instrs[i].(type) {
		case *ssa.MakeInterface:
			continue
		case *ssa.Call:
			return x == call
		}
		return false
	}
	return false
}

// isNoReturnValue reports whether v is the constant go/ssa panics with
// after a call that cannot return.
func isNoReturnValue(v ssa.Value) bool {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	c, ok := v.(*ssa.Const)
	return ok && c.Value != nil && c.Value.Kind() == constant.String && constant.StringVal(c.Value) == "noreturn"
}

// testingTypes are the types whose methods report to the running test,
// benchmark or fuzz target: the concrete ones (their methods are declared
// on the embedded testing.common) and the interface testing.TB.
var testingTypes = []string{"common", "T", "B", "F", "TB"}

// StopsTest reports whether instr is a call that ends the running test,
// benchmark or fuzz target: FailNow, Fatal, Fatalf, SkipNow, Skip, Skipf on
// a *testing.T, B, F or a testing.TB, or on an interface that declares the
// method with testing.TB's signature (a subset of testing.TB such as
// testify's require.TestingT, which a *testing.T satisfies). They stop
// the goroutine with runtime.Goexit, so no path continues past them. For a
// concrete receiver go/ssa already knows it (NeverReturns); for an
// interface only this does.
func StopsTest(instr ssa.Instruction) bool {
	return testingCall(CallOf(instr), "FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf")
}

// FailsTest reports whether instr is a call that marks the running test
// failed and lets it go on: Error, Errorf, Fail (receivers as for
// StopsTest).
func FailsTest(instr ssa.Instruction) bool {
	return testingCall(CallOf(instr), "Error", "Errorf", "Fail")
}

func testingCall(call *ssa.CallCommon, names ...string) bool {
	fn := Callee(call)
	if fn == nil {
		return false
	}
	for _, typ := range testingTypes {
		if typesx.IsMethod(fn, "testing", typ, names...) {
			return true
		}
	}
	if !call.IsInvoke() {
		return false
	}
	for _, name := range names {
		if fn.Name() == name {
			return hasTestingSignature(fn)
		}
	}
	return false
}

// hasTestingSignature reports whether the interface method fn has the
// signature testing.TB gives the method of its name: no results, and no
// parameters (FailNow), (...any) (Fatal) or (string, ...any) (Fatalf).
func hasTestingSignature(fn *types.Func) bool {
	sig := fn.Signature()
	if sig.Results().Len() != 0 {
		return false
	}
	params := sig.Params()
	switch name := fn.Name(); {
	case name == "FailNow" || name == "SkipNow" || name == "Fail":
		return params.Len() == 0
	case strings.HasSuffix(name, "f"):
		return params.Len() == 2 && sig.Variadic() && isString(params.At(0).Type()) && isAnySlice(params.At(1).Type())
	default:
		return params.Len() == 1 && sig.Variadic() && isAnySlice(params.At(0).Type())
	}
}

func isString(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && b.Kind() == types.String
}

func isAnySlice(t types.Type) bool {
	s, ok := types.Unalias(t).(*types.Slice)
	if !ok {
		return false
	}
	i, ok := types.Unalias(s.Elem()).(*types.Interface)
	return ok && i.Empty()
}

// BodyEnd returns the position of the closing brace of fn's body, where
// the implicit return of a function that falls off its end happens, or
// token.NoPos for a function without syntax.
func BodyEnd(fn *ssa.Function) token.Pos {
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	}
	return token.NoPos
}

// ClosuresOf returns the MakeClosure instructions that create the
// anonymous function f in its parent: where f's free variables are bound.
func ClosuresOf(f *ssa.Function) []*ssa.MakeClosure {
	parent := f.Parent()
	if parent == nil {
		return nil
	}
	var out []*ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == ssa.Value(f) {
				out = append(out, mc)
			}
		}
	}
	return out
}
