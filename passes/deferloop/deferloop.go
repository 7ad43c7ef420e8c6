package deferloop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports defer statements that run inside a loop.
var Analyzer = &analysis.Analyzer{
	Name:     "deferloop",
	Doc:      analyzerdoc.MustExtract(doc, "deferloop"),
	URL:      analyzerdoc.URL("deferloop"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	rep := report.New(pass)
	idx := pass.ResultOf[astindex.Analyzer].(*astindex.Index)
	for _, fn := range ssainfo.SrcFuncs {
		checkFunction(rep, idx, fn)
	}
	return nil, nil
}

// checkFunction reports the defers of fn that sit in a loop of fn, or in
// the body of a range-over-func loop (which the iterator may call again).
func checkFunction(rep *report.Reporter, idx *astindex.Index, fn *ssa.Function) {
	var loops *cfg.Loops // computed only if fn defers anything
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok || !d.Pos().IsValid() || rep.Silenced(d.Pos()) {
				continue
			}
			if d.DeferStack != nil {
				// The defer is in the body of a range-over-func loop: go/ssa
				// outlines the body into a yield function and pushes the
				// deferred call onto the enclosing function's stack.
				reportRangeFunc(rep, idx, d)
				continue
			}
			if loops == nil {
				loops = cfg.FindLoops(fn)
			}
			if l := loops.Innermost(b); l != nil {
				reportLoop(rep, idx, fn, l, d)
			}
		}
	}
}

func reportLoop(rep *report.Reporter, idx *astindex.Index, fn *ssa.Function, l *cfg.Loop, d *ssa.Defer) {
	call := deferredCall(idx, d)
	loopPos := l.Pos(fn) // a loop built with goto has no statement
	if stmt := idx.EnclosingLoop(d.Pos()); stmt != nil {
		loopPos = stmt.Pos()
	}
	line := rep.Line(loopPos)
	owner := enclosingName(fn)
	loop := []analysis.RelatedInformation{report.Related(loopPos, "the loop")}

	if !hasLiveExit(fn, l) {
		reportDefer(rep, idx, d, loop, "defer %s in the loop at line %d never runs: the loop has no exit, so %s never returns normally; release the resource at the end of each iteration instead",
			call, line, owner)
		return
	}
	if guardedByOnceFlag(l, d.Block()) {
		// `if !locked { mu.Lock(); defer mu.Unlock(); locked = true }`:
		// a flag the guarded code sets makes it run on one pass only.
		return
	}
	if isMutexUnlock(d.Call) {
		recv := d.Call.Args[0]
		if !definedIn(fieldBase(recv), l) {
			reportDefer(rep, idx, d, loop, "defer %s in the loop at line %d: the mutex stays locked until %s returns, so the next iteration's Lock deadlocks; unlock at the end of the iteration or move the body into a function",
				call, line, owner)
		}
		// Locking a different mutex on each pass and unlocking them all on
		// return is a deliberate pattern (lock a set in order); stay silent.
		return
	}
	if !releasesResource(d.Call) {
		// A deferred call that releases nothing we can name (recover, a
		// log line, a scope pop) costs little by waiting; stay silent.
		return
	}
	if keptPastIteration(l, d) {
		// The resource is appended, stored, handed to a goroutine or used
		// after the loop: it is meant to outlive the iteration, and
		// releasing it at the end of each pass would be the bug.
		return
	}
	if releasesOnlyOnFailure(d) {
		// A rollback (`defer func() { if err != nil { l.Close() } }()`)
		// releases only when the function fails.
		return
	}
	if rep.InTestFile(d.Pos()) {
		// A table-driven test that defers each case's cleanup holds a
		// handful of resources for a few milliseconds: not worth a report.
		return
	}
	if guardedBySelectCase(fn, l, d.Block()) {
		// "case <-timer.C: ctx, cancel := ...; defer cancel()" inside a
		// for-select loop usually runs once per call (the case fires
		// once), which the analysis cannot tell from a case that fires on
		// every pass. Stay silent rather than guess.
		return
	}
	reportDefer(rep, idx, d, loop, "defer %s in the loop at line %d runs only when %s returns, so %s until then; move the loop body into a function or release it explicitly",
		call, line, owner, heldUntilReturn(idx, d))
}

// hasLiveExit reports whether loop l can be left other than into the dead
// block after a blocking select (see cfg.Unreachable): `for { select {...} }`
// whose every case goes round again has no exit.
func hasLiveExit(fn *ssa.Function, l *cfg.Loop) bool {
	for _, e := range l.Exits(fn) {
		if !cfg.Unreachable(e) {
			return true
		}
	}
	return false
}

// releaseWords are the words that name a release in a function or method
// name, matched against its camel-case words: Close, Unlock, Stop, cancel,
// Release, Done, Rollback, os.Remove, closeScope...
var releaseWords = map[string]bool{
	"close": true, "unlock": true, "runlock": true, "cancel": true, "stop": true,
	"release": true, "free": true, "done": true, "rollback": true, "remove": true,
	"shutdown": true, "teardown": true, "cleanup": true, "finish": true, "end": true,
	"put": true, "restore": true, "unsubscribe": true, "unregister": true, "leave": true,
}

// releasesResource reports whether the deferred call releases something:
// it calls a context.CancelFunc, or its callee's name has a release word,
// or its callee is a func literal whose body makes such a call.
func releasesResource(call ssa.CallCommon) bool {
	if releaseCall(call) {
		return true
	}
	var lit *ssa.Function
	switch v := call.Value.(type) {
	case *ssa.Function:
		lit = v
	case *ssa.MakeClosure:
		lit, _ = v.Fn.(*ssa.Function)
	}
	if lit == nil || lit.Parent() == nil {
		return false
	}
	// A func literal: look at the calls in its body, not deeper.
	for _, b := range lit.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok && releaseCall(*c.Common()) {
				return true
			}
		}
	}
	return false
}

// releaseCall reports whether call, by its callee's type or name, releases
// a resource.
func releaseCall(call ssa.CallCommon) bool {
	if typesx.IsCancelFunc(call.Value.Type()) {
		return true
	}
	if call.IsInvoke() {
		return hasReleaseWord(call.Method.Name())
	}
	if callee := call.StaticCallee(); callee != nil && callee.Parent() == nil {
		return hasReleaseWord(callee.Name())
	}
	return false
}

// hasReleaseWord splits a Go identifier into its camel-case words and
// reports whether one of them is a release word: "closeScope" and
// "RemoveAll" do, "Append" and "Output" do not.
func hasReleaseWord(name string) bool {
	start := 0
	for i := 1; i <= len(name); i++ {
		if i == len(name) || name[i] == '_' || (name[i] >= 'A' && name[i] <= 'Z' && name[i-1] >= 'a' && name[i-1] <= 'z') {
			if releaseWords[strings.ToLower(strings.Trim(name[start:i], "_"))] {
				return true
			}
			start = i
		}
	}
	return false
}

// guardedBySelectCase reports whether reaching b from the loop's header
// requires a select statement inside the loop to have chosen one particular
// case: some block dominating b, inside l, branches on the index a select
// returned. A case receiving from a ticker does not count: it fires on
// every pass of a polling loop.
func guardedBySelectCase(fn *ssa.Function, l *cfg.Loop, b *ssa.BasicBlock) bool {
	ticking := -1 // whether the loop leaves tickers running: computed on demand
	for d := b.Idom(); d != nil && l.Contains(d); d = d.Idom() {
		if len(d.Instrs) == 0 {
			continue
		}
		ifInstr, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL {
			continue
		}
		if ext, ok := cmp.X.(*ssa.Extract); ok && ext.Index == 0 {
			sel, ok := ext.Tuple.(*ssa.Select)
			if !ok {
				continue
			}
			if !tickerCase(sel, cmp.Y) {
				return true
			}
			if ticking < 0 {
				ticking = 1
				if stopsTicker(fn, l) {
					ticking = 0
				}
			}
			if ticking == 0 {
				return true // a ticker stopped or reset in the loop may fire once
			}
		}
	}
	return false
}

// guardedByOnceFlag reports whether reaching b requires a loop-carried
// boolean (a phi of l's header) to have one value, and every path from b
// back to the header gives it the other, as a constant: the guarded code,
// and the defer in it, runs at most once per call.
func guardedByOnceFlag(l *cfg.Loop, b *ssa.BasicBlock) bool {
	for d := b.Idom(); d != nil && l.Contains(d); d = d.Idom() {
		if len(d.Instrs) == 0 || len(d.Succs) != 2 || !l.Contains(d.Succs[0]) || !l.Contains(d.Succs[1]) {
			continue // not a branch, or the loop's own exit test
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, negated := iff.Cond, false
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond, negated = not.X, true
		}
		flag, ok := cond.(*ssa.Phi)
		if !ok || flag.Block() != l.Header {
			continue
		}
		// The branch that leads to b: a successor entered only from d
		// that dominates b.
		leads := func(s *ssa.BasicBlock) bool { return len(s.Preds) == 1 && s.Dominates(b) }
		var want bool // the flag's value on the way to b
		switch {
		case leads(d.Succs[0]):
			want = !negated
		case leads(d.Succs[1]):
			want = negated
		default:
			continue
		}
		if flagFlipped(l, b, flag, want) {
			return true
		}
	}
	return false
}

// flagFlipped reports whether every value the header phi flag receives
// on a back edge reached from b (without passing the header) is the
// constant !want.
func flagFlipped(l *cfg.Loop, b *ssa.BasicBlock, flag *ssa.Phi, want bool) bool {
	reach := cfg.Reach(b, func(x *ssa.BasicBlock) bool { return x != l.Header && l.Contains(x) })
	seen := make(map[*ssa.Phi]bool)
	var flipped func(phi *ssa.Phi) bool
	flipped = func(phi *ssa.Phi) bool {
		if seen[phi] || len(seen) > 16 {
			return false
		}
		seen[phi] = true
		reached := false
		for i, e := range phi.Edges {
			pred := phi.Block().Preds[i]
			if !reach[pred.Index] {
				continue // a path that does not come from b
			}
			reached = true
			switch e := e.(type) {
			case *ssa.Const:
				if e.Value == nil || constant.BoolVal(e.Value) == want {
					return false
				}
			case *ssa.Phi:
				if e == flag || !reach[e.Block().Index] || !flipped(e) {
					return false
				}
			default:
				return false
			}
		}
		return reached
	}
	return flipped(flag)
}

// tickerCase reports whether the select case whose index is k receives
// from a ticker's channel: (*time.Ticker).C or the result of time.Tick.
func tickerCase(sel *ssa.Select, k ssa.Value) bool {
	c, ok := k.(*ssa.Const)
	if !ok || c.Value == nil {
		return false
	}
	i := c.Int64()
	if i < 0 || i >= int64(len(sel.States)) || sel.States[i].Dir != types.RecvOnly {
		return false
	}
	switch ch := sel.States[i].Chan.(type) {
	case *ssa.UnOp: // *(&t.C)
		fa, ok := ch.X.(*ssa.FieldAddr)
		if !ok || ch.Op != token.MUL {
			return false
		}
		return typesx.IsPointerTo(fa.X.Type(), "time", "Ticker")
	case *ssa.Call:
		return ssax.IsCall(&ch.Call, "time", "Tick")
	}
	return false
}

// stopsTicker reports whether loop l calls Stop or Reset on a
// *time.Ticker, so that a ticker case in it may fire only once.
func stopsTicker(fn *ssa.Function, l *cfg.Loop) bool {
	for _, b := range l.Blocks(fn) {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if ok && !call.Common().IsInvoke() && ssax.IsMethodCall(call.Common(), "time", "Ticker", "Stop", "Reset") {
				return true
			}
		}
	}
	return false
}

func reportRangeFunc(rep *report.Reporter, idx *astindex.Index, d *ssa.Defer) {
	call := deferredCall(idx, d)
	reportDefer(rep, idx, d, nil, "defer %s in the body of a range-over-func loop runs only when the enclosing function returns, so %s until then; move the loop body into a function",
		call, heldUntilReturn(idx, d))
}

// heldUntilReturn says what waiting for the return costs, by what the
// deferred call releases: a context's timer and goroutine for a cancel
// func, an open handle for Close on a variable, and otherwise just that
// the call is put off (a deferred r.closeScope() leaks a scope, not a
// file).
func heldUntilReturn(idx *astindex.Index, d *ssa.Defer) string {
	if typesx.IsCancelFunc(d.Call.Value.Type()) {
		return "every iteration's context, with its timer, stays alive"
	}
	stmt, ok := idx.NodeAt(d.Pos()).(*ast.DeferStmt)
	if !ok {
		return "every iteration's call waits"
	}
	if sel, ok := stmt.Call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Close" {
		if id, ok := sel.X.(*ast.Ident); ok {
			return "every iteration's " + id.Name + " stays open"
		}
	}
	return "every iteration's " + types.ExprString(stmt.Call) + " waits"
}

// reportDefer reports at the defer statement, spanning it so that editors
// highlight the whole statement, with related positions (the loop).
func reportDefer(rep *report.Reporter, idx *astindex.Index, d *ssa.Defer, related []analysis.RelatedInformation, format string, args ...any) {
	diag := analysis.Diagnostic{Pos: d.Pos(), Message: fmt.Sprintf(format, args...), Related: related}
	if stmt, ok := idx.NodeAt(d.Pos()).(*ast.DeferStmt); ok {
		diag.End = stmt.End()
	}
	rep.Report(diag)
}

// deferredCall renders the deferred call as written, e.g. "f.Close()".
func deferredCall(idx *astindex.Index, d *ssa.Defer) string {
	if stmt, ok := idx.NodeAt(d.Pos()).(*ast.DeferStmt); ok {
		return types.ExprString(stmt.Call)
	}
	if callee := d.Call.StaticCallee(); callee != nil {
		return callee.Name() + "(...)"
	}
	return "call"
}

// enclosingName names the function whose return releases the deferred
// calls: for a func literal, the literal itself.
func enclosingName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "the enclosing func literal"
	}
	return fn.Name()
}

// isMutexUnlock reports whether call is (*sync.Mutex).Unlock or
// (*sync.RWMutex).Unlock/RUnlock.
func isMutexUnlock(call ssa.CallCommon) bool {
	if call.IsInvoke() || len(call.Args) == 0 {
		return false
	}
	fn := ssax.Callee(&call)
	return fn != nil && fn.Signature().Recv() != nil && typesx.IsObject(fn, "sync", "Unlock", "RUnlock")
}

// fieldBase follows the field addresses of a mutex (&c.mu, &s.state.mu)
// to the struct pointer they start from: the same pointer gives the same
// mutex on every pass, even though go/ssa recomputes &c.mu in the loop.
func fieldBase(v ssa.Value) ssa.Value {
	for range 16 {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok {
			return v
		}
		v = fa.X
	}
	return v
}

// definedIn reports whether v is computed inside loop l, i.e. may be a
// different value on each pass.
func definedIn(v ssa.Value, l *cfg.Loop) bool {
	instr, ok := v.(ssa.Instruction)
	if !ok {
		return false // parameters, globals, free variables, constants
	}
	return l.Contains(instr.Block())
}
