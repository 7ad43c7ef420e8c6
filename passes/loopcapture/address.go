package loopcapture

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// checkAddress reports, at most once, the address of a pre-1.22 loop
// variable a (or of one of its fields) handed to something that keeps it
// past the iteration: appended to a slice or stored in a map that
// outlives it, sent on a channel, given to a go or defer statement. The
// loop has one variable for all iterations, so every kept address points
// to the same variable, which holds the last iteration's value. This is
// the closure case without a closure: go s.serve() with a pointer method
// of a value s passes &s just as go func() { s.serve() }() captures it.
//
// Addresses passed to an ordinary call are not followed: whether the
// callee keeps them (modelToAuthzPB(&v) returning pointers into v, the
// Let's Encrypt CAA bug) needs pointer analysis across calls.
func (c *checker) checkAddress(loops *cfg.Loops, a *ssa.Alloc, lv *oldLoopVar, writes map[ssa.Value][]write) {
	uses := c.laterUses(a)
	for _, ref := range ssax.Referrers(a) {
		if fa, ok := ref.(*ssa.FieldAddr); ok && fa.X == a {
			uses = append(uses, c.laterUses(fa)...)
		}
	}
	ws := writes[a]
	if len(uses) == 0 || len(ws) == 0 {
		return
	}
	for _, u := range uses {
		if u.instr.Block() == nil {
			continue
		}
		for l := loops.Innermost(u.instr.Block()); l != nil; l = l.Parent {
			if definedIn(a, l) {
				break // a new variable on each pass of l
			}
			if !u.outlives(l) {
				continue
			}
			overwrites := make(map[ssa.Instruction]bool)
			for _, w := range ws {
				if l.Contains(w.store.Block()) {
					overwrites[w.store] = true
				}
			}
			target := func(instr ssa.Instruction) bool { return overwrites[instr] }
			if len(overwrites) == 0 || !cfg.PathExists(u.instr, target, nil) {
				continue
			}
			if u.waitable && c.waitsForUse(l, u, target) {
				break
			}
			c.reportAddress(a, lv, u)
			return
		}
	}
}

// waitsForUse reports whether the iteration may wait, inside loop l, for
// the goroutine or callback of use u before the variable is overwritten:
// a receive from a channel, or Wait on a value, handed to the same call.
func (c *checker) waitsForUse(l *cfg.Loop, u laterUse, overwrite func(ssa.Instruction) bool) bool {
	related := make(map[ssa.Value]bool)
	if call, ok := u.instr.(ssa.CallInstruction); ok {
		common := call.Common()
		related[root(common.Value)] = true
		if mc, ok := common.Value.(*ssa.MakeClosure); ok {
			for _, b := range mc.Bindings {
				related[root(b)] = true // go func(p *T) { ...; done <- true }(&v)
			}
		}
		for _, arg := range common.Args {
			related[root(arg)] = true
		}
	}
	if u.owner != nil {
		related[root(u.owner)] = true
	}
	wait := func(instr ssa.Instruction) bool {
		return l.Contains(instr.Block()) && waitsFor(instr, related)
	}
	return cfg.PathExists(u.instr, wait, overwrite)
}

// reportAddress emits the diagnostic for the kept address of loop
// variable a, at the &v (or method call) that takes it.
func (c *checker) reportAddress(a *ssa.Alloc, lv *oldLoopVar, u laterUse) {
	pos := c.addressSite(lv, a, u)
	if c.rep.Silenced(pos) {
		return
	}
	what := u.what
	if rest, ok := strings.CutPrefix(what, "the func "); ok {
		what = rest
	} else {
		what = "given to " + what
	}
	line := c.rep.Line(u.instr.Pos())
	if line == 0 {
		line = c.rep.Line(pos)
	}
	d := analysis.Diagnostic{
		Pos: pos,
		Message: fmt.Sprintf("the address of loop variable %s is %s at line %d, which outlives the iteration: before Go 1.22 (this file is %s) the loop at line %d has one %s for all iterations, so every kept address points to the same variable and sees the last value; add %s := %s at the top of the loop body",
			lv.name, what, line, lv.version, c.rep.Line(lv.loop.Pos()), lv.name, lv.name, lv.name),
		Related: []analysis.RelatedInformation{
			report.Related(lv.loop.Pos(), "the loop"),
			report.Related(u.instr.Pos(), "the address is kept here"),
		},
	}
	if fix, ok := c.copyFix(lv); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.rep.Report(d)
}

// addressSite returns the position where the loop body takes the address
// of v for use u: an &v or &v.f, or a call of a pointer method on v (which
// takes &v implicitly). It prefers one on the line of u, then the last one
// before u, then the first one; u's own position if there is none.
func (c *checker) addressSite(lv *oldLoopVar, a *ssa.Alloc, u laterUse) token.Pos {
	var sites []token.Pos
	ast.Inspect(lv.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op != token.AND {
				return true
			}
			x := ast.Unparen(n.X)
			if sel, ok := x.(*ast.SelectorExpr); ok {
				x = ast.Unparen(sel.X)
			}
			if id, ok := x.(*ast.Ident); ok && c.refersTo(id, lv.name, a.Pos()) {
				sites = append(sites, n.Pos())
			}
		case *ast.SelectorExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && c.refersTo(id, lv.name, a.Pos()) && c.takesAddress(n) {
				sites = append(sites, n.Pos())
			}
		}
		return true
	})
	at := u.instr.Pos()
	if len(sites) == 0 {
		if at.IsValid() {
			return at
		}
		return a.Pos()
	}
	if !at.IsValid() {
		return sites[0]
	}
	best := sites[0]
	for _, p := range sites {
		if c.rep.Line(p) == c.rep.Line(at) {
			return p
		}
		if p < at {
			best = p
		}
	}
	return best
}

// takesAddress reports whether the selector x.m calls a pointer method
// on an addressable value x, taking &x implicitly.
func (c *checker) takesAddress(sel *ast.SelectorExpr) bool {
	s, ok := c.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.MethodVal || s.Indirect() {
		return false
	}
	sig, ok := s.Obj().Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	_, ptrRecv := sig.Recv().Type().Underlying().(*types.Pointer)
	_, ptrX := c.pass.TypesInfo.TypeOf(sel.X).Underlying().(*types.Pointer)
	return ptrRecv && !ptrX
}
