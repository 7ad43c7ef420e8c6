package loopcapture

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// runsLaterFact marks a function that starts or keeps some of its
// func-typed parameters, so that they may run after it returns: it passes
// them to a go statement, a channel send, a field, map or slice it does not
// own, or another such function.
type runsLaterFact struct {
	// Params has bit i set when parameter i (the receiver counts as 0 for
	// methods) runs later.
	Params uint64
}

func (*runsLaterFact) AFact() {}

func (f *runsLaterFact) String() string { return fmt.Sprintf("runsLater(%#x)", f.Params) }

// laterCall reports whether call hands closure value x (derived from the
// original closure v) to a function that runs it after returning:
// time.AfterFunc, an errgroup-style Go method, a parallel subtest, a test
// cleanup, an HTTP handler registration, or a function of this or another
// package known (by fact) to do so.
func (c *checker) laterCall(call *ssa.Call, x, v ssa.Value) (laterUse, bool) {
	common := call.Common()
	arg := -1
	for i, a := range common.Args {
		if a == x {
			arg = i
		}
	}
	if arg < 0 {
		return laterUse{}, false
	}
	if common.IsInvoke() {
		m := common.Method
		switch {
		case isSpawnMethod(m):
			return laterUse{instr: call, what: "the func passed to " + m.Name(), waitable: true, owner: common.Value}, true
		case typesx.IsObject(m, "testing", "Cleanup"):
			return laterUse{instr: call, what: "the cleanup registered", atReturn: true}, true
		}
		return laterUse{}, false
	}
	callee := common.StaticCallee()
	if callee == nil {
		return laterUse{}, false
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil {
		return laterUse{}, false
	}
	name := funcName(obj)
	pkg := ""
	if obj.Pkg() != nil {
		pkg = obj.Pkg().Path()
	}
	switch {
	case pkg == "time" && name == "time.AfterFunc", pkg == "context" && name == "context.AfterFunc":
		return laterUse{instr: call, what: "the func passed to " + name, waitable: true}, true
	case pkg == "net/http" && (obj.Name() == "HandleFunc" || obj.Name() == "Handle"):
		return laterUse{instr: call, what: "the handler registered with " + name}, true
	case pkg == "testing" && obj.Name() == "Cleanup":
		return laterUse{instr: call, what: "the cleanup registered", atReturn: true}, true
	case pkg == "testing" && name == "T.Run":
		if mc, ok := v.(*ssa.MakeClosure); ok && callsParallel(mc.Fn) {
			return laterUse{instr: call, what: "the parallel subtest started"}, true
		}
		return laterUse{}, false
	case isSpawnMethod(obj):
		return laterUse{instr: call, what: "the func passed to " + name, waitable: true, owner: common.Args[0]}, true
	}
	if arg < 64 && c.runsLater(callee)&(1<<arg) != 0 {
		return laterUse{instr: call, what: "the func passed to " + name + ", which runs it later,", waitable: true}, true
	}
	return laterUse{}, false
}

// isSpawnMethod reports whether m is a method named Go or TryGo whose last
// parameter is a function: sync.WaitGroup.Go, errgroup.Group.Go and the
// many worker pools shaped after them start their argument in a goroutine.
func isSpawnMethod(m *types.Func) bool {
	if m.Name() != "Go" && m.Name() != "TryGo" {
		return false
	}
	sig, ok := m.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Params().Len() == 0 {
		return false
	}
	_, isFunc := sig.Params().At(sig.Params().Len() - 1).Type().Underlying().(*types.Signature)
	return isFunc
}

// callsParallel reports whether the subtest function fn calls
// (*testing.T).Parallel, which makes t.Run return before fn finishes.
func callsParallel(v ssa.Value) bool {
	fn, ok := v.(*ssa.Function)
	if !ok {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if !call.Common().IsInvoke() && typesx.IsObject(ssax.Callee(call.Common()), "testing", "Parallel") {
				return true
			}
		}
	}
	return false
}

// funcName renders a function as pkg.Name or Type.Method.
func funcName(obj *types.Func) string {
	sig, _ := obj.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + obj.Name()
		}
		return obj.Name()
	}
	if obj.Pkg() != nil {
		return obj.Pkg().Name() + "." + obj.Name()
	}
	return obj.Name()
}

// runsLater returns the runsLater bits of callee, from this package's
// analysis or from a fact.
func (c *checker) runsLater(callee *ssa.Function) uint64 {
	if f, ok := c.later[callee]; ok {
		return f.Params
	}
	if callee.Pkg != nil && callee.Pkg.Pkg != c.pass.Pkg {
		if obj := callee.Object(); obj != nil {
			var f runsLaterFact
			if c.pass.ImportObjectFact(obj, &f) {
				return f.Params
			}
		}
	}
	return 0
}

// exportRunsLaterFacts computes which func-typed parameters each function
// of the package runs later, to a small fixed point (helpers calling
// helpers), and exports the result as facts.
func (c *checker) exportRunsLaterFacts(fns []*ssa.Function) {
	for round := 0; round < 3; round++ {
		changed := false
		for _, fn := range fns {
			bits := c.paramsRunLater(fn)
			old := c.later[fn]
			if bits == 0 && old == nil {
				continue
			}
			if old == nil || old.Params != bits {
				c.later[fn] = &runsLaterFact{Params: bits}
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for fn, f := range c.later {
		obj := fn.Object()
		if f.Params == 0 || obj == nil || fn.Parent() != nil || obj.Pkg() != c.pass.Pkg {
			continue
		}
		c.pass.ExportObjectFact(obj, f)
	}
}

// paramsRunLater returns the bits of the func-typed parameters of fn that
// fn runs or keeps beyond its return without waiting for them.
func (c *checker) paramsRunLater(fn *ssa.Function) uint64 {
	var bits uint64
	for i, p := range fn.Params {
		if i >= 64 {
			break
		}
		if _, ok := p.Type().Underlying().(*types.Signature); !ok {
			continue
		}
		for _, u := range c.laterUses(p) {
			if outlivesCall(u) && !waitsAfter(u) {
				bits |= 1 << i
				break
			}
		}
	}
	return bits
}

// outlivesCall reports whether the use u, in a function, lets the
// function value run after the function returns.
func outlivesCall(u laterUse) bool {
	if _, isDefer := u.instr.(*ssa.Defer); isDefer {
		return false // runs before the function returns
	}
	owned := func(v ssa.Value) bool {
		_, isInstr := v.(ssa.Instruction)
		return isInstr // created by this call: a local map, slice or struct
	}
	switch {
	case u.carried != nil:
		for _, ref := range ssax.Referrers(u.carried) {
			if st, ok := ref.(*ssa.Store); ok && st.Val == u.carried && !owned(root(st.Addr)) {
				return true
			}
		}
		return false
	case u.container != nil:
		return !owned(u.container)
	}
	return true
}

// waitsAfter reports whether every path from u waits (receive, Wait) before
// the function can return, i.e. the function waits for what it started.
func waitsAfter(u laterUse) bool {
	if !u.waitable {
		return false
	}
	return !cfg.ReturnReachableAvoiding(u.instr, waits)
}
