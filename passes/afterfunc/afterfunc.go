package afterfunc

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
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

// Analyzer reports time.AfterFunc callbacks that can fire after the
// function that armed them released what they use.
var Analyzer = &analysis.Analyzer{
	Name:     "afterfunc",
	Doc:      analyzerdoc.MustExtract(doc, "afterfunc"),
	URL:      analyzerdoc.URL("afterfunc"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	if !typesx.Imports(pass.Pkg, "time") {
		return nil, nil
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:   pass,
		rep:    report.New(pass),
		syntax: pass.ResultOf[astindex.Analyzer].(*astindex.Index),
	}
	for _, fn := range ssainfo.SrcFuncs {
		if c.rep.Generated(fn.Pos()) || c.rep.InTestFile(fn.Pos()) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok && ssax.IsCall(call.Common(), "time", "AfterFunc") {
					c.check(call)
				}
			}
		}
	}
	return nil, nil
}

type checker struct {
	pass   *analysis.Pass
	rep    *report.Reporter
	syntax *astindex.Index
}

// check reports call, a time.AfterFunc(d, f), when f uses on every path a
// value its function releases on a path to a return that does not stop the
// timer first.
func (c *checker) check(call *ssa.Call) {
	if len(call.Call.Args) != 2 {
		return
	}
	mc, ok := call.Call.Args[1].(*ssa.MakeClosure)
	if !ok {
		return
	}
	cb, ok := mc.Fn.(*ssa.Function)
	if !ok || len(cb.Blocks) == 0 || signals(cb) {
		return
	}
	ce := c.syntax.Call(call.Pos())
	if ce == nil || c.rep.Silenced(ce.Pos()) {
		return
	}
	stops, ok := timerStops(call)
	if !ok {
		return // the timer is kept, returned or handed on: out of sight
	}
	fn := call.Parent()
	avoid := func(i ssa.Instruction) bool { return stops[i] || ssax.NeverReturns(i) }
	idx := cfg.Index(call)
	for i, b := range mc.Bindings {
		if i >= len(cb.FreeVars) {
			return
		}
		fv := cb.FreeVars[i]
		for _, field := range accessPaths(fv, isCell(b)) {
			if !usesOnEveryPath(cb, fv, isCell(b), field) {
				continue
			}
			for _, rel := range releases(fn, b, field) {
				ret := c.leakPath(call, idx, rel, avoid)
				if ret == nil {
					continue
				}
				c.report(call, ce, mc, pathName(fv, field), rel, ret)
				return
			}
		}
	}
}

// accessPaths returns what of free variable fv the analyzer follows: the
// variable itself (-1) and each field of the struct it points to that the
// callback reads (s.conn).
func accessPaths(fv *ssa.FreeVar, cell bool) []int {
	out := []int{-1}
	for _, v := range values(fv, cell) {
		for _, r := range ssax.Referrers(v) {
			fa, ok := r.(*ssa.FieldAddr)
			if ok && !containsInt(out, fa.Field) {
				out = append(out, fa.Field)
			}
		}
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// pathName renders fv or fv.field.
func pathName(fv *ssa.FreeVar, field int) string {
	if field < 0 {
		return fv.Name()
	}
	t := fv.Type()
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok && isCellType(fv) {
		t = p.Elem() // a cell: the variable's own type
	}
	if st, ok := typesx.Deref(t).Underlying().(*types.Struct); ok && field < st.NumFields() {
		return fv.Name() + "." + st.Field(field).Name()
	}
	return fv.Name()
}

// isCellType reports whether free variable fv is a captured variable's
// address rather than its value.
func isCellType(fv *ssa.FreeVar) bool {
	f := fv.Parent()
	for i, x := range f.FreeVars {
		if x != fv {
			continue
		}
		for _, mc := range ssax.ClosuresOf(f) {
			if i < len(mc.Bindings) {
				return isCell(mc.Bindings[i])
			}
		}
	}
	return false
}

// leakPath returns a return of call's function that a path from call
// reaches through release rel without passing avoid, or nil. A deferred
// release registered before call releases at every return.
func (c *checker) leakPath(call *ssa.Call, idx int, rel ssa.Instruction, avoid func(ssa.Instruction) bool) ssa.Instruction {
	toRet := cfg.Query{Target: cfg.IsReturn, Avoid: avoid}
	if _, deferred := rel.(*ssa.Defer); deferred && cfg.Precedes(rel, call) {
		return toRet.At(call.Block(), idx+1)
	}
	toRel := cfg.Query{Target: func(i ssa.Instruction) bool { return i == rel }, Avoid: avoid}
	if toRel.At(call.Block(), idx+1) == nil {
		return nil
	}
	return toRet.At(rel.Block(), cfg.Index(rel)+1)
}

func (c *checker) report(call *ssa.Call, ce *ast.CallExpr, mc *ssa.MakeClosure, fv string, rel, ret ssa.Instruction) {
	name := fv
	cbName := "the callback at line " + strconv.Itoa(c.rep.Line(mc.Fn.Pos()))
	if len(ce.Args) == 2 {
		if id, ok := ast.Unparen(ce.Args[1]).(*ast.Ident); ok {
			cbName = id.Name + " (line " + strconv.Itoa(c.rep.Line(mc.Fn.Pos())) + ")"
		}
		if sel, ok := ast.Unparen(ce.Args[1]).(*ast.SelectorExpr); ok {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				name = id.Name
				cbName = id.Name + "." + sel.Sel.Name
			}
		}
	}
	relName := "the release"
	if rce := c.syntax.Call(ssax.CallOf(rel).Pos()); rce != nil {
		if _, lit := ast.Unparen(rce.Fun).(*ast.FuncLit); lit {
			relName = "the closure"
		} else {
			relName = render(rce.Fun) + "()"
		}
	}
	if _, ok := rel.(*ssa.Defer); ok {
		relName = "the deferred " + strings.TrimPrefix(relName, "the ")
	}
	where := "the end of the function"
	if p := ret.Pos(); p.IsValid() {
		where = "the return at line " + strconv.Itoa(c.rep.Line(p))
	}
	timer := ""
	if id, ok := c.syntax.AssignedTo(call.Pos()).(*ast.Ident); ok && id.Name != "_" {
		timer = id.Name
	}
	d := analysis.Diagnostic{Pos: ce.Pos(), End: ce.End()}
	relLine := c.rep.Line(rel.Pos())
	if timer == "" {
		d.Message = "time.AfterFunc's timer is discarded, and " + cbName + " uses " + name + ", which " + relName + " at line " + strconv.Itoa(relLine) +
			" releases on the path to " + where + ": if the function finishes first, the timer fires on a released " + name +
			"; keep the *time.Timer and stop it before releasing " + name
	} else {
		d.Message = "timer " + timer + " is not stopped before " + relName + " at line " + strconv.Itoa(relLine) + " releases " + name + " on the path to " + where +
			", and " + cbName + " uses " + name + ": the timer can fire on a released " + name + "; defer " + timer + ".Stop() right after time.AfterFunc"
	}
	d.Related = []analysis.RelatedInformation{{Pos: rel.Pos(), Message: name + " is released here while the timer is armed"}}
	c.rep.Report(d)
}

// render writes a call's function expression as written: conn.Close.
func render(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return render(e.X) + "." + e.Sel.Name
	}
	return "the call"
}

// signals reports whether callback fn sends on or closes a channel or
// signals a WaitGroup or Cond: the function that armed it may be waiting
// for it, and then it has run before the function goes on.
func signals(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch i := instr.(type) {
			case *ssa.Send:
				return true
			case *ssa.Select:
				for _, st := range i.States {
					if st.Dir == types.SendOnly {
						return true
					}
				}
			case ssa.CallInstruction:
				cc := i.Common()
				if b, ok := cc.Value.(*ssa.Builtin); ok && b.Name() == "close" {
					return true
				}
				if ssax.IsMethodCall(cc, "sync", "WaitGroup", "Done") || ssax.IsMethodCall(cc, "sync", "Cond", "Signal", "Broadcast") {
					return true
				}
			}
		}
	}
	return false
}

// timerStops returns the calls and defers that stop the *Timer call
// returns, and false if the timer goes anywhere else (a field, a return,
// another function, a closure that is not simply deferred or called): code
// out of sight may stop it.
func timerStops(call *ssa.Call) (map[ssa.Instruction]bool, bool) {
	stops := make(map[ssa.Instruction]bool)
	var visit func(v ssa.Value, cell bool, depth int) bool
	visit = func(v ssa.Value, cell bool, depth int) bool {
		if depth > 4 {
			return false
		}
		for _, r := range ssax.Referrers(v) {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Store:
				if cell && r.Addr == v {
					continue
				}
				alloc, ok := r.Addr.(*ssa.Alloc)
				if cell || !ok || r.Val != v {
					return false
				}
				if !visit(alloc, true, depth+1) {
					return false
				}
			case *ssa.UnOp:
				if !cell || r.Op != token.MUL || !visit(r, false, depth+1) {
					return false
				}
			case *ssa.Phi:
				if cell || !visit(r, false, depth+1) {
					return false
				}
			case *ssa.BinOp:
				// t != nil
			case *ssa.Call, *ssa.Defer:
				cc := r.(ssa.CallInstruction).Common()
				if cell || len(cc.Args) == 0 || cc.Args[0] != v || !ssax.IsMethodCall(cc, "time", "Timer") {
					return false
				}
				if ssax.IsMethodCall(cc, "time", "Timer", "Stop") {
					stops[r] = true
				}
			case *ssa.MakeClosure:
				if rearmsOnly(r, v) {
					continue // a pong handler's t.Reset(d): it cannot stop t
				}
				// defer func() { t.Stop() }()
				if !stopperClosure(r, v) {
					return false
				}
				for _, x := range ssax.Referrers(r) {
					if ci, ok := x.(ssa.CallInstruction); ok && ci.Common().Value == ssa.Value(r) {
						stops[x] = true
					}
				}
			default:
				return false
			}
		}
		return true
	}
	return stops, visit(call, false, 0)
}

// rearmsOnly reports whether closure mc uses the timer v it captures
// only through methods of time.Timer other than Stop (Reset): wherever the
// closure goes, it never stops the timer.
func rearmsOnly(mc *ssa.MakeClosure, v ssa.Value) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for i, b := range mc.Bindings {
		if b != v {
			continue
		}
		if i >= len(fn.FreeVars) {
			return false
		}
		for _, x := range values(fn.FreeVars[i], isCell(b)) {
			for _, r := range ssax.Referrers(x) {
				switch r := r.(type) {
				case *ssa.DebugRef:
				case *ssa.Call:
					cc := r.Common()
					if len(cc.Args) == 0 || cc.Args[0] != x || !ssax.IsMethodCall(cc, "time", "Timer") || ssax.IsMethodCall(cc, "time", "Timer", "Stop") {
						return false
					}
					for _, a := range cc.Args[1:] {
						if a == x {
							return false
						}
					}
				default:
					return false
				}
			}
		}
		if isCell(b) {
			for _, r := range ssax.Referrers(fn.FreeVars[i]) {
				if u, ok := r.(*ssa.UnOp); !ok || u.Op != token.MUL {
					if _, dbg := r.(*ssa.DebugRef); !dbg {
						return false // stored into or handed on
					}
				}
			}
		}
	}
	return true
}

// stopperClosure reports whether mc captures v only to stop it on every
// path, and is only called or deferred.
func stopperClosure(mc *ssa.MakeClosure, v ssa.Value) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for _, x := range ssax.Referrers(mc) {
		switch x := x.(type) {
		case *ssa.DebugRef:
		case *ssa.Call, *ssa.Defer:
			cc := x.(ssa.CallInstruction).Common()
			if cc.Value != ssa.Value(mc) || containsValue(cc.Args, mc) {
				return false
			}
		default:
			return false
		}
	}
	for i, b := range mc.Bindings {
		if b != v || i >= len(fn.FreeVars) {
			continue
		}
		fv := fn.FreeVars[i]
		loads := []ssa.Value{fv}
		if isCell(b) {
			loads = nil
			for _, r := range ssax.Referrers(fv) {
				if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL {
					loads = append(loads, u)
				}
			}
		}
		stop := func(instr ssa.Instruction) bool {
			cc := ssax.CallOf(instr)
			if cc == nil || len(cc.Args) == 0 || !ssax.IsMethodCall(cc, "time", "Timer", "Stop") {
				return false
			}
			return containsValue(loads, cc.Args[0])
		}
		if !cfg.OnEveryReturn(fn, stop) {
			return false
		}
	}
	return true
}

func containsValue(vs []ssa.Value, v ssa.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// isCell reports whether a closure binding is a variable's address (the
// variable is captured by reference) rather than its value.
func isCell(b ssa.Value) bool {
	_, ok := b.(*ssa.Alloc)
	return ok
}

// values returns v and the values it converts to, or, for a cell, the
// loads of it and their conversions.
func values(v ssa.Value, cell bool) []ssa.Value {
	var out []ssa.Value
	if !cell {
		return withConversions(out, v)
	}
	for _, r := range ssax.Referrers(v) {
		if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL {
			out = withConversions(out, u)
		}
	}
	return out
}

// pathValues returns the values of access path (v, field): values(v,
// cell) for field -1, else the loads of that field of the struct they
// point to, with their conversions.
func pathValues(v ssa.Value, cell bool, field int) []ssa.Value {
	base := values(v, cell)
	if field < 0 {
		return base
	}
	var out []ssa.Value
	for _, x := range base {
		for _, r := range ssax.Referrers(x) {
			fa, ok := r.(*ssa.FieldAddr)
			if !ok || fa.Field != field {
				continue
			}
			for _, l := range ssax.Referrers(fa) {
				if u, ok := l.(*ssa.UnOp); ok && u.Op == token.MUL {
					out = withConversions(out, u)
				}
			}
		}
	}
	return out
}

// withConversions adds x and the interface and type conversions of it.
func withConversions(out []ssa.Value, x ssa.Value) []ssa.Value {
	var add func(x ssa.Value, depth int)
	add = func(x ssa.Value, depth int) {
		if depth > 4 || containsValue(out, x) {
			return
		}
		out = append(out, x)
		for _, r := range ssax.Referrers(x) {
			switch r := r.(type) {
			case *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.ChangeType:
				add(r.(ssa.Value), depth+1)
			}
		}
	}
	add(x, 0)
	return out
}

// usesOnEveryPath reports whether callback fn uses access path (fv,
// field) of its free variable (a variable's address if cell) on every
// path on which that value is not nil: calls a method on it other than one
// that only describes it, or passes it to a function outside fmt, log,
// log/slog and errors. A callback that may skip the use otherwise (it
// checks a flag first) has its own guard.
func usesOnEveryPath(fn *ssa.Function, fv *ssa.FreeVar, cell bool, field int) bool {
	vals := pathValues(fv, cell, field)
	uses := make(map[ssa.Instruction]bool)
	nilEdge := make(map[[2]int]bool) // block index, successor
	for _, v := range vals {
		for _, r := range ssax.Referrers(v) {
			if ci, ok := r.(ssa.CallInstruction); ok && touches(ci.Common(), v) {
				uses[r] = true
			}
			if op, ok := r.(*ssa.BinOp); ok && (op.Op == token.EQL || op.Op == token.NEQ) && (isNil(op.X) || isNil(op.Y)) {
				for _, x := range ssax.Referrers(op) {
					if iff, ok := x.(*ssa.If); ok {
						succ := 0 // v == nil on the true branch
						if op.Op == token.NEQ {
							succ = 1
						}
						nilEdge[[2]int{iff.Block().Index, succ}] = true
					}
				}
			}
		}
	}
	if len(uses) == 0 || len(fn.Blocks) == 0 {
		return false
	}
	q := cfg.Query{
		Target: func(i ssa.Instruction) bool { return cfg.IsReturn(i) && !uses[i] },
		Avoid:  func(i ssa.Instruction) bool { return uses[i] },
		Follow: func(b *ssa.BasicBlock, succ int) bool { return !nilEdge[[2]int{b.Index, succ}] },
	}
	return q.At(fn.Blocks[0], 0) == nil
}

func isNil(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value == nil
}

// touches reports whether call c uses v for more than describing it.
func touches(c *ssa.CallCommon, v ssa.Value) bool {
	f := ssax.Callee(c)
	if c.IsInvoke() && c.Value == v {
		return !describes(f)
	}
	for i, a := range c.Args {
		if a != v {
			continue
		}
		if f == nil {
			return false // a func value: nothing known
		}
		if i == 0 && isMethod(f) {
			return !describes(f)
		}
		if f.Pkg() != nil {
			switch f.Pkg().Path() {
			case "fmt", "log", "log/slog", "errors":
				return false
			}
		}
		return true
	}
	return false
}

// describes reports whether method f only describes its receiver.
func describes(f *types.Func) bool {
	if f == nil {
		return true
	}
	switch f.Name() {
	case "String", "Error", "Name", "LocalAddr", "RemoteAddr", "Addr", "Len", "Cap":
		return true
	}
	return false
}

func isMethod(f *types.Func) bool {
	sig, ok := f.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}

// releases returns the calls and defers in fn that release access path
// (b, field), b a variable's address if it is a cell: a Close method
// called on it, sync.Pool.Put of it, or a closure doing one of these on
// every path that fn defers or calls. Once closed or put back, what the
// callback uses is gone.
func releases(fn *ssa.Function, b ssa.Value, field int) []ssa.Instruction {
	out := releaseCalls(fn, pathValues(b, isCell(b), field))
	// defer func() { _ = conn.Close() }(): a closure of fn capturing b
	// that releases it on every path, deferred or called right there.
	for _, r := range ssax.Referrers(b) {
		mc, ok := r.(*ssa.MakeClosure)
		if !ok || mc.Parent() != fn {
			continue
		}
		cf, ok := mc.Fn.(*ssa.Function)
		if !ok || len(cf.Blocks) == 0 {
			continue
		}
		released := false
		for k, x := range mc.Bindings {
			if x != b || k >= len(cf.FreeVars) {
				continue
			}
			rel := releaseCalls(cf, pathValues(cf.FreeVars[k], isCell(b), field))
			if len(rel) > 0 && cfg.OnEveryReturn(cf, func(i ssa.Instruction) bool { return containsInstr(rel, i) }) {
				released = true
			}
		}
		if !released {
			continue
		}
		for _, x := range ssax.Referrers(mc) {
			switch x := x.(type) {
			case *ssa.Call, *ssa.Defer:
				if x.(ssa.CallInstruction).Common().Value == ssa.Value(mc) {
					out = append(out, x)
				}
			}
		}
	}
	return out
}

// releaseCalls returns the calls and defers in fn that release one of
// vals: a Close method called on it, or sync.Pool.Put of it.
func releaseCalls(fn *ssa.Function, vals []ssa.Value) []ssa.Instruction {
	var out []ssa.Instruction
	for _, v := range vals {
		for _, r := range ssax.Referrers(v) {
			ci, ok := r.(ssa.CallInstruction)
			if !ok || r.Parent() != fn {
				continue
			}
			if _, isGo := r.(*ssa.Go); isGo {
				continue
			}
			cc := ci.Common()
			f := ssax.Callee(cc)
			if f == nil {
				continue
			}
			recv := (cc.IsInvoke() && cc.Value == v) || (!cc.IsInvoke() && isMethod(f) && len(cc.Args) > 0 && cc.Args[0] == v)
			switch {
			case recv && f.Name() == "Close":
				out = append(out, r)
			case typesx.IsMethod(f, "sync", "Pool", "Put") && len(cc.Args) == 2 && cc.Args[1] == v:
				out = append(out, r)
			}
		}
	}
	return out
}

func containsInstr(xs []ssa.Instruction, x ssa.Instruction) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
