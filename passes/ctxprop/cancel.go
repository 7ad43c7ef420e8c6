package ctxprop

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// checkCancels reports the cancel functions of context.WithCancel and its
// siblings that fn discards, overwrites, or skips on some path to a return.
func (c *checker) checkCancels(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !call.Pos().IsValid() {
				continue
			}
			if ctor := cancelCtor(&call.Call); ctor != "" {
				c.checkCancel(fn, call, ctor)
			}
		}
	}
}

// cancelCtor returns the name of the context function call makes if it
// returns a cancel function that must be called, or "".
func cancelCtor(call *ssa.CallCommon) string {
	f := ssax.Callee(call)
	if typesx.IsFunc(f, "context", "WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause") {
		return f.Name()
	}
	return ""
}

func (c *checker) checkCancel(fn *ssa.Function, call *ssa.Call, ctor string) {
	if c.rep.Silenced(call.Pos()) {
		return
	}
	var cancel *ssa.Extract
	for _, r := range ssax.Referrers(call) {
		if e, ok := r.(*ssa.Extract); ok && e.Index == 1 {
			cancel = e
		}
	}
	name, v, blank := c.cancelVar(call)
	if cancel == nil || blank.IsValid() {
		pos := call.Pos()
		if blank.IsValid() {
			pos = blank
		}
		c.rep.Reportf(pos, "the cancel function returned by context.%s is discarded, so the context and its resources live until the parent is cancelled; assign it and call it when the work is done, usually with defer cancel()",
			ctor)
		return
	}
	uses, ok := cancelUses(cancel)
	if !ok {
		return // too many aliases to follow: stay silent
	}
	line := c.rep.Line(call.Pos())
	if len(uses) == 0 {
		// `_ = cancel` says the author knows; the context lives until the
		// parent is done, on purpose.
		if v != nil && c.blanked[v] {
			return
		}
		c.rep.Reportf(call.Pos(), "the cancel function %s of context.%s is never called (the variable is overwritten or unused), so the context and its resources live until the parent is cancelled; defer %s() right after line %d",
			name, ctor, name, line)
		return
	}
	if field := c.unreadFieldStore(uses); field != "" {
		c.rep.Reportf(call.Pos(), "the cancel function of context.%s is stored in %s, which nothing in this package reads, so it is never called and the context lives until the parent is cancelled; call it when the work is done (from a Close or Stop method) or defer it",
			ctor, field)
		return
	}
	done := doneEntries(fn, call)
	avoid := func(i ssa.Instruction) bool { return uses[i] || done[i] || neverReturns(i) }
	// Around a loop and back to the call without a use: the next
	// iteration replaces the cancel function, and the old one is lost.
	// (Only a call in a cycle can be reached again.)
	again := func(i ssa.Instruction) bool { return i == call }
	if c.cycles.InCycle(call.Block()) && cfg.FirstReached(call, again, avoid) != nil {
		c.rep.Reportf(call.Pos(), "the cancel function %s of context.%s is not called before the loop comes back to line %d and replaces it, so each iteration's context lives until the parent is cancelled; call %s() at the end of every iteration",
			name, ctor, line, name)
		return
	}
	unusedReturn := func(i ssa.Instruction) bool {
		_, ret := i.(*ssa.Return)
		return ret && !uses[i] && !done[i]
	}
	w := cfg.FirstReached(call, unusedReturn, avoid)
	if w == nil {
		return
	}
	pos := w.Pos()
	where := "the return at line %d"
	if !pos.IsValid() {
		pos, where = ssax.BodyEnd(fn), "the end of the function at line %d"
	}
	rel := []analysis.RelatedInformation{report.Related(pos, "reached without calling "+name)}
	c.rep.ReportRelatedf(call.Pos(), rel, "the cancel function %s of context.%s is not called on the path to "+where+", so the context and its resources live until the parent is cancelled; defer %s() right after line %d",
		name, ctor, c.rep.Line(pos), name, line)
}

// cancelVar returns the variable the call's cancel function is assigned to
// as written: its name ("cancel" if it is not a plain variable), the
// variable, and the position of a blank identifier receiving it.
func (c *checker) cancelVar(call *ssa.Call) (name string, v *types.Var, blank token.Pos) {
	name = "cancel"
	ce := c.idx.Call(call.Pos())
	if ce == nil {
		return
	}
	id, ok := c.lhs[ce].(*ast.Ident)
	if !ok {
		return
	}
	if id.Name == "_" {
		return name, nil, id.Pos()
	}
	v, _ = c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return id.Name, v, token.NoPos
}

// unreadFieldStore returns the field ("T.f") if every use of a cancel
// function is a store into an unexported field of a struct of this
// package that the package never reads: no code can call it, since only
// this package can name the field. It returns "" otherwise.
func (c *checker) unreadFieldStore(uses map[ssa.Instruction]bool) string {
	name := ""
	for u := range uses {
		st, ok := u.(*ssa.Store)
		if !ok {
			return ""
		}
		fa, ok := st.Addr.(*ssa.FieldAddr)
		if !ok {
			return ""
		}
		ptr, ok := types.Unalias(fa.X.Type()).Underlying().(*types.Pointer)
		if !ok {
			return ""
		}
		st2, ok := ptr.Elem().Underlying().(*types.Struct)
		if !ok || fa.Field >= st2.NumFields() {
			return ""
		}
		f := st2.Field(fa.Field)
		if f.Exported() || f.Pkg() != c.pass.Pkg || c.readFields[f.Origin()] {
			return ""
		}
		qualified := f.Name()
		if n, ok := types.Unalias(ptr.Elem()).(*types.Named); ok {
			qualified = n.Obj().Name() + "." + f.Name()
		}
		if name == "" || qualified < name { // deterministic over the map's order
			name = qualified
		}
	}
	return name
}

// maxAliases bounds the values cancelUses follows for one cancel function.
const maxAliases = 64

// cancelUses returns the instructions that use the cancel function: call
// it, defer it, return it, store it, pass it on, capture it or compare it.
// Any of these counts, as the value may be called from there. The value is
// followed through phis and through the local variable cell of a captured
// or address-taken variable (whose loads are its uses). ok is false when
// there are too many aliases to follow.
func cancelUses(cancel ssa.Value) (uses map[ssa.Instruction]bool, ok bool) {
	uses = make(map[ssa.Instruction]bool)
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{cancel}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		if len(seen) >= maxAliases {
			return nil, false
		}
		seen[v] = true
		for _, r := range ssax.Referrers(v) {
			switch r := r.(type) {
			case *ssa.Phi:
				work = append(work, r)
			case *ssa.DebugRef:
			case *ssa.Store:
				if alloc, ok := r.Addr.(*ssa.Alloc); ok {
					if r.Addr == v {
						continue // assigning the cell another value is no use
					}
					work = append(work, alloc)
					continue
				}
				uses[r] = true
			default:
				uses[r] = true
			}
		}
	}
	return uses, true
}

// neverReturns reports whether instr is a call after which no path goes
// on: one go/ssa knows never returns (ctrlflow's answer: os.Exit,
// log.Fatal, t.FailNow, a function of this package that always exits), or
// one that stops a test through testing.TB.
func neverReturns(instr ssa.Instruction) bool {
	return ssax.NeverReturns(instr) || ssax.StopsTest(instr)
}

// doneEntries returns the instructions from which on the context that
// call derives is known to be done: a receive from its Done channel (or
// its parent's), the first instruction of a select case on it, of a branch
// under ctx.Err() != nil. A done context has already released what its
// cancel function would (a cancelled parent cancels and detaches its
// children), so paths from there need no call of cancel.
func doneEntries(fn *ssa.Function, call *ssa.Call) map[ssa.Instruction]bool {
	related := map[ssa.Value]bool{}
	if len(call.Call.Args) > 0 {
		related[call.Call.Args[0]] = true
	}
	if ctx := extractOf(call, 0); ctx != nil {
		related[ctx] = true
	}
	recvOf := func(v ssa.Value, method string) bool {
		dc, ok := v.(*ssa.Call)
		if !ok {
			return false
		}
		f := ssax.Callee(&dc.Call)
		if f == nil || f.Name() != method {
			return false
		}
		if dc.Call.IsInvoke() {
			return related[dc.Call.Value]
		}
		return len(dc.Call.Args) > 0 && related[dc.Call.Args[0]]
	}
	// Most contexts are never asked Done or Err in the function that
	// derives them: then there is nothing to find, and no need to scan.
	asked := false
	for v := range related {
		for _, ref := range ssax.Referrers(v) {
			if rv, ok := ref.(ssa.Value); ok && (recvOf(rv, "Done") || recvOf(rv, "Err")) {
				asked = true
			}
		}
	}
	if !asked {
		return nil
	}
	t := doneTest{
		stop: func(ch ssa.Value) bool { return recvOf(ch, "Done") },
		err:  func(v ssa.Value) bool { return recvOf(v, "Err") },
	}
	out := make(map[ssa.Instruction]bool)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && t.stop(u.X) {
				out[u] = true
			}
		}
		if len(b.Succs) != 2 || len(b.Instrs) == 0 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		var succ *ssa.BasicBlock
		switch contextGuard(iff.Cond, t) {
		case guardTrueStops:
			succ = b.Succs[0]
		case guardFalseStops:
			succ = b.Succs[1]
		}
		if succ != nil && len(succ.Preds) == 1 && len(succ.Instrs) > 0 {
			out[succ.Instrs[0]] = true
		}
	}
	return out
}
