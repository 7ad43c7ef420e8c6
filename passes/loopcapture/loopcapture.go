package loopcapture

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/report"
)

//go:embed doc.go
var doc string

// Analyzer reports closures that run after their loop iteration ends and
// read a variable the loop overwrites.
var Analyzer = &analysis.Analyzer{
	Name:      "loopcapture",
	Doc:       analyzerdoc.MustExtract(doc, "loopcapture"),
	URL:       analyzerdoc.URL("loopcapture"),
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(runsLaterFact)},
}

// A checker holds the state of one pass.
type checker struct {
	pass *analysis.Pass
	rep  *report.Reporter
	idx  *astindex.Index
	// loopVars maps the declaring identifier of every loop variable of a
	// file whose Go version is before 1.22 (one variable for the whole
	// loop) to its loop.
	loopVars map[token.Pos]*oldLoopVar
	// later memoises the parameters of this package's functions that the
	// function runs or keeps after it returns.
	later map[*ssa.Function]*runsLaterFact
}

// An oldLoopVar is a variable declared by a for or range statement in a
// file with pre-1.22 loop semantics.
type oldLoopVar struct {
	name    string
	body    *ast.BlockStmt
	loop    ast.Stmt
	version string
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:     pass,
		rep:      report.New(pass),
		idx:      pass.ResultOf[astindex.Analyzer].(*astindex.Index),
		loopVars: oldLoopVars(pass),
		later:    make(map[*ssa.Function]*runsLaterFact),
	}
	c.exportRunsLaterFacts(ssainfo.SrcFuncs)
	for _, fn := range ssainfo.SrcFuncs {
		if len(fn.Blocks) == 0 || c.rep.Generated(fn.Pos()) {
			continue
		}
		c.checkFunction(fn)
	}
	return nil, nil
}

// oldLoopVars finds the loop variables declared with := by for and range
// statements in files whose Go version is before 1.22.
func oldLoopVars(pass *analysis.Pass) map[token.Pos]*oldLoopVar {
	vars := make(map[token.Pos]*oldLoopVar)
	for _, f := range pass.Files {
		v := pass.TypesInfo.FileVersions[f]
		if !version.IsValid(v) || version.Compare(v, "go1.22") >= 0 {
			continue // unknown means current: per-iteration variables
		}
		ast.Inspect(f, func(n ast.Node) bool {
			add := func(e ast.Expr, body *ast.BlockStmt, loop ast.Stmt) {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
					vars[id.Pos()] = &oldLoopVar{name: id.Name, body: body, loop: loop, version: v}
				}
			}
			switch n := n.(type) {
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					add(n.Key, n.Body, n)
					add(n.Value, n.Body, n)
				}
			case *ast.ForStmt:
				if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
					for _, lhs := range as.Lhs {
						add(lhs, n.Body, n)
					}
				}
			}
			return true
		})
	}
	return vars
}

// checkFunction reports the closures created in loops of fn that run after
// their iteration and read a variable a later iteration overwrites.
func (c *checker) checkFunction(fn *ssa.Function) {
	var (
		loops  *cfg.Loops
		writes map[ssa.Value][]write
	)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if a, ok := instr.(*ssa.Alloc); ok {
				if lv := c.loopVarOf(a); lv != nil {
					if loops == nil {
						loops = cfg.FindLoops(fn)
					}
					if writes == nil {
						writes = writesByBase(fn)
					}
					c.checkAddress(loops, a, lv, writes)
				}
				continue
			}
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || len(mc.Bindings) == 0 {
				continue
			}
			lit, ok := mc.Fn.(*ssa.Function)
			if !ok || lit.Synthetic != "" || len(lit.FreeVars) != len(mc.Bindings) {
				continue // bound method wrappers and the like
			}
			if loops == nil {
				loops = cfg.FindLoops(fn)
			}
			l := loops.Innermost(b)
			if l == nil {
				continue
			}
			uses := c.laterUses(mc)
			if len(uses) == 0 {
				continue
			}
			if writes == nil {
				writes = writesByBase(fn)
			}
			shared := 0 // guardsSharedState(lit), computed on demand: 1 no, 2 yes
			for i, bound := range mc.Bindings {
				c.checkBinding(fn, l, mc, lit, i, bound, uses, writes, &shared)
			}
		}
	}
}

// checkBinding reports, at most once, that closure mc reads through its
// free variable i a location that a loop enclosing mc overwrites after one
// of the closure's later uses.
func (c *checker) checkBinding(fn *ssa.Function, inner *cfg.Loop, mc *ssa.MakeClosure, lit *ssa.Function, i int, bound ssa.Value, uses []laterUse, writes map[ssa.Value][]write, shared *int) {
	reads := readsOf(lit.FreeVars[i])
	if reads.empty() {
		return
	}
	ws := writes[bound]
	if len(ws) == 0 {
		return
	}
	loopVar := c.loopVarOf(bound)
	if loopVar == nil && *shared == 0 {
		*shared = 1
		if guardsSharedState(lit, 0) {
			*shared = 2
		}
	}
	if loopVar == nil && reads.written {
		// The closure assigns the variable too (history = append(history,
		// ...), count--): state it shares with the loop on purpose, not a
		// value it meant to capture. Whether the accesses are synchronised
		// is a data race question, not this analyzer's.
		return
	}
	if loopVar == nil && *shared == 2 {
		// The closure takes a lock or uses atomics: the variable is shared
		// state on purpose, e.g. the latest config read under a mutex.
		return
	}
	for l := inner; l != nil; l = l.Parent {
		if definedIn(bound, l) {
			return // one variable per iteration of l (and of its parents)
		}
		for _, u := range uses {
			if !u.outlives(l) {
				continue
			}
			if u.atReturn && loopVar == nil && isOutcome(fn, bound) {
				// defer func() { if err != nil { undo() } }() reads the
				// final err on purpose.
				continue
			}
			overwrites := make(map[ssa.Instruction]write)
			for _, w := range ws {
				if l.Contains(w.store.Block()) && reads.conflict(w) {
					if _, dup := overwrites[w.store]; !dup {
						overwrites[w.store] = w
					}
				}
			}
			if len(overwrites) == 0 {
				continue
			}
			target := func(instr ssa.Instruction) bool {
				_, ok := overwrites[instr]
				return ok
			}
			renewed := func(instr ssa.Instruction) bool {
				v, ok := instr.(ssa.Value)
				return ok && v == bound // a new variable from here on
			}
			if !cfg.PathExistsCorrelated(u.instr, target, renewed) {
				continue
			}
			if u.waitable {
				// Stay silent if the iteration may wait for the closure
				// (on any path) before the variable is written again.
				related := relatedValues(mc, u)
				wait := func(instr ssa.Instruction) bool {
					// A wait after the loop is too late: the loop has
					// already overwritten the variable.
					return l.Contains(instr.Block()) && waitsFor(instr, related)
				}
				if cfg.PathExists(u.instr, wait, func(instr ssa.Instruction) bool { return renewed(instr) || target(instr) }) {
					return
				}
			}
			var w write
			for _, x := range ws {
				if target(x.store) {
					w = overwrites[x.store]
					break
				}
			}
			c.report(fn, l, inner, mc, lit, i, loopVar, w, u)
			return
		}
	}
}

// definedIn reports whether v is computed inside loop l, i.e. may be a
// different value on each pass.
func definedIn(v ssa.Value, l *cfg.Loop) bool {
	instr, ok := v.(ssa.Instruction)
	return ok && l.Contains(instr.Block())
}

// isOutcome reports whether the captured variable records how the function
// went rather than a resource: a named result, an error or a bool. A
// deferred closure that reads one wants its final value.
func isOutcome(fn *ssa.Function, bound ssa.Value) bool {
	a, ok := bound.(*ssa.Alloc)
	if !ok {
		return false
	}
	results := fn.Signature.Results()
	for i := 0; i < results.Len(); i++ {
		if r := results.At(i); r.Name() != "" && r.Pos() == a.Pos() {
			return true
		}
	}
	ptr, ok := a.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	switch t := ptr.Elem(); {
	case types.Identical(t, types.Universe.Lookup("error").Type()):
		return true
	default:
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Kind() == types.Bool
	}
}

// loopVarOf returns the pre-1.22 loop variable that bound (a captured
// variable's address) is, or nil.
func (c *checker) loopVarOf(bound ssa.Value) *oldLoopVar {
	a, ok := bound.(*ssa.Alloc)
	if !ok || !a.Pos().IsValid() {
		return nil
	}
	return c.loopVars[a.Pos()]
}

// relatedValues returns the variables through which the iteration can
// wait for the closure: the closure's captured variables (a done channel,
// a WaitGroup) and the receiver of the Go method it was handed to.
func relatedValues(mc *ssa.MakeClosure, u laterUse) map[ssa.Value]bool {
	related := make(map[ssa.Value]bool)
	for _, b := range mc.Bindings {
		related[root(b)] = true
	}
	if u.owner != nil {
		related[root(u.owner)] = true
	}
	return related
}

// waitsFor reports whether instr may block until the closure acts through
// one of the related variables: a receive or a blocking select with a
// receive from a related channel, a Wait method on a related value, or a
// call that is handed a related channel (a helper that drains it).
func waitsFor(instr ssa.Instruction, related map[ssa.Value]bool) bool {
	switch instr := instr.(type) {
	case *ssa.UnOp:
		return instr.Op == token.ARROW && related[root(instr.X)]
	case *ssa.Select:
		if !instr.Blocking {
			return false
		}
		for _, st := range instr.States {
			if st.Dir == types.RecvOnly && related[root(st.Chan)] {
				return true
			}
		}
	case ssa.CallInstruction:
		call := instr.Common()
		args := call.Args
		name := ""
		if call.IsInvoke() {
			name = call.Method.Name()
			args = append([]ssa.Value{call.Value}, args...)
		} else if callee := call.StaticCallee(); callee != nil {
			name = callee.Name()
		}
		switch name {
		case "Wait":
			return len(args) > 0 && related[root(args[0])]
		case "Add", "Done", "Go", "TryGo":
			return false
		}
		for _, a := range args {
			if _, isChan := a.Type().Underlying().(*types.Chan); isChan && related[root(a)] {
				return true
			}
		}
	}
	return false
}

// waits reports whether instr may block until another goroutine acts: a
// receive, a blocking select with a receive case, or a Wait method.
func waits(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Select:
		if !instr.Blocking {
			return false
		}
		for _, st := range instr.States {
			if st.Dir == types.RecvOnly {
				return true
			}
		}
	case ssa.CallInstruction:
		call := instr.Common()
		if call.IsInvoke() {
			return call.Method.Name() == "Wait"
		}
		if callee := call.StaticCallee(); callee != nil {
			return callee.Name() == "Wait"
		}
	}
	return false
}

// guardsSharedState reports whether fn (or a func literal inside it) locks
// a sync mutex or calls sync/atomic.
func guardsSharedState(fn *ssa.Function, depth int) bool {
	if depth > 3 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee := call.Common().StaticCallee()
			if callee == nil || callee.Pkg == nil && callee.Object() == nil {
				continue
			}
			obj, _ := callee.Object().(*types.Func)
			if obj == nil || obj.Pkg() == nil {
				continue
			}
			switch obj.Pkg().Path() {
			case "sync/atomic":
				return true
			case "sync":
				if n := obj.Name(); n == "Lock" || n == "RLock" || n == "TryLock" || n == "TryRLock" {
					return true
				}
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		if guardsSharedState(anon, depth+1) {
			return true
		}
	}
	return false
}

// report emits the diagnostic for one captured variable.
func (c *checker) report(fn *ssa.Function, l, inner *cfg.Loop, mc *ssa.MakeClosure, lit *ssa.Function, i int, lv *oldLoopVar, w write, u laterUse) {
	pos, name := c.readSite(lit, i, mc.Bindings[i], w)
	if c.rep.Silenced(pos) {
		return
	}
	useLine := c.rep.Line(u.instr.Pos())
	if useLine == 0 {
		useLine = c.rep.Line(mc.Fn.Pos())
	}
	who := fmt.Sprintf("%s at line %d", u.what, useLine)
	if lv != nil && w.field < 0 {
		d := analysis.Diagnostic{
			Pos: pos,
			Message: fmt.Sprintf("loop variable %s is captured by %s, which may run after the iteration ends: before Go 1.22 (this file is %s) the loop at line %d has one %s for all iterations, so it sees a later value; add %s := %s at the top of the loop body",
				name, who, lv.version, c.rep.Line(lv.loop.Pos()), name, name, name),
			Related: []analysis.RelatedInformation{
				report.Related(lv.loop.Pos(), "the loop"),
				report.Related(u.instr.Pos(), u.what),
			},
		}
		if fix, ok := c.copyFix(lv); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.rep.Report(d)
		return
	}
	loopPos := c.loopPos(fn, l, inner, mc)
	rel := []analysis.RelatedInformation{
		report.Related(loopPos, "the loop"),
		report.Related(w.store.Pos(), "the loop overwrites "+name+" here"),
		report.Related(u.instr.Pos(), u.what),
	}
	c.rep.ReportRelatedf(pos, rel, "%s is shared by every iteration of the loop at line %d, which overwrites it at line %d, but %s reads it after the iteration may have moved on, so it can see a later value; pass %s as an argument or copy it into a variable declared inside the loop",
		name, c.rep.Line(loopPos), c.rep.Line(w.store.Pos()), who, name)
}

// readSite finds the first reference inside the func literal to the
// location that the loop overwrites, and names it ("v", "s.cur").
func (c *checker) readSite(lit *ssa.Function, i int, bound ssa.Value, w write) (token.Pos, string) {
	name := lit.FreeVars[i].Name()
	fieldName := ""
	if w.field >= 0 {
		if st := structOf(w.base); st != nil && w.field < st.NumFields() {
			fieldName = st.Field(w.field).Name()
		}
	}
	full := name
	if fieldName != "" {
		full = name + "." + fieldName
	}
	syntax, _ := lit.Syntax().(*ast.FuncLit)
	if syntax == nil {
		return lit.Pos(), full
	}
	declPos := bound.Pos()
	pos := token.NoPos
	ast.Inspect(syntax.Body, func(n ast.Node) bool {
		if pos.IsValid() {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if fieldName == "" || n.Sel.Name != fieldName {
				return true
			}
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && c.refersTo(id, name, declPos) {
				pos = n.Pos()
				return false
			}
		case *ast.Ident:
			if fieldName == "" && c.refersTo(n, name, declPos) {
				pos = n.Pos()
				return false
			}
		}
		return true
	})
	if !pos.IsValid() {
		pos = syntax.Pos()
	}
	return pos, full
}

// refersTo reports whether id uses the local variable name declared at
// declPos (or any local of that name when declPos is unknown).
func (c *checker) refersTo(id *ast.Ident, name string, declPos token.Pos) bool {
	if id.Name != name {
		return false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return false
	}
	return !declPos.IsValid() || v.Pos() == declPos
}

// loopPos returns the position of the for or range statement of loop l: the
// statement as many levels out from the closure as l is from the innermost
// loop around it. Loops built with goto fall back to the loop's first
// instruction.
func (c *checker) loopPos(fn *ssa.Function, l *cfg.Loop, inner *cfg.Loop, mc *ssa.MakeClosure) token.Pos {
	depth := 0
	for x := inner; x != nil && x != l; x = x.Parent {
		depth++
	}
	if stmts := c.enclosingLoops(mc.Fn.Pos()); depth < len(stmts) {
		return stmts[depth].Pos()
	}
	if p := l.Pos(fn); p.IsValid() {
		return p
	}
	return mc.Fn.Pos()
}

// enclosingLoops returns the for and range statements around pos, innermost
// first, up to the enclosing function.
func (c *checker) enclosingLoops(pos token.Pos) []ast.Stmt {
	var loops []ast.Stmt
	for _, n := range c.idx.Path(pos) {
		switch n := n.(type) {
		case *ast.ForStmt:
			loops = append(loops, n)
		case *ast.RangeStmt:
			loops = append(loops, n)
		case *ast.FuncLit:
			if n.Pos() != pos { // not the closure itself
				return loops
			}
		case *ast.FuncDecl:
			return loops
		}
	}
	return loops
}

// copyFix inserts "v := v" before the first statement of the loop body.
func (c *checker) copyFix(lv *oldLoopVar) (analysis.SuggestedFix, bool) {
	if len(lv.body.List) == 0 {
		return analysis.SuggestedFix{}, false
	}
	first := lv.body.List[0].Pos()
	if c.rep.Line(first) == c.rep.Line(lv.body.Lbrace) {
		return analysis.SuggestedFix{}, false // one-line body: leave formatting to the author
	}
	indent := strings.Repeat("\t", max(c.pass.Fset.Position(first).Column-1, 0))
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("Copy %s at the top of the loop body", lv.name),
		TextEdits: []analysis.TextEdit{{
			Pos:     first,
			End:     first,
			NewText: []byte(lv.name + " := " + lv.name + "\n" + indent),
		}},
	}, true
}
