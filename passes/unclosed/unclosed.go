package unclosed

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/release"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports response bodies, database rows, statements and
// connections not closed, and transactions neither committed nor rolled
// back, on some path.
var Analyzer = &analysis.Analyzer{
	Name:      "unclosed",
	Doc:       analyzerdoc.MustExtract(doc, "unclosed"),
	URL:       analyzerdoc.URL("unclosed"),
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(summaryFact)},
}

// summaryFact records what a function does with each kind of resource,
// indexed like kinds.
type summaryFact struct {
	Kinds []release.Summary
}

func (*summaryFact) AFact() {}

func (f *summaryFact) String() string {
	var parts []string
	for i, k := range f.Kinds {
		if !k.Interesting() {
			continue
		}
		s := kinds[i].name + ":"
		for j, p := range k.Params {
			if p != release.Unknown {
				s += fmt.Sprintf(" param%d %v", j, p)
			}
		}
		for j, r := range k.Results {
			if r {
				s += fmt.Sprintf(" result%d fresh", j)
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func run(pass *analysis.Pass) (any, error) {
	if !importsAny(pass.Pkg, "net/http", "database/sql") {
		// Without these packages no function of this one can acquire
		// or receive the resources; export nothing.
		return nil, nil
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{pass: pass, rep: report.New(pass), syntax: pass.ResultOf[astindex.Analyzer].(*astindex.Index)}
	for i := range kinds {
		i := i
		c.engines = append(c.engines, &release.Engine{
			Kind: kinds[i].kind,
			Pkg:  pass.Pkg,
			Import: func(f *types.Func) *release.Summary {
				var fact summaryFact
				if !pass.ImportObjectFact(f, &fact) || i >= len(fact.Kinds) {
					return nil
				}
				return &fact.Kinds[i]
			},
		})
	}
	for _, fn := range ssainfo.SrcFuncs {
		c.exportFacts(fn)
	}
	for _, fn := range ssainfo.SrcFuncs {
		if c.rep.Generated(fn.Pos()) || inTestFile(pass, fn) {
			continue
		}
		for i, e := range c.engines {
			for _, a := range e.Acquisitions(fn) {
				c.check(i, a)
			}
		}
	}
	return nil, nil
}

// importsAny reports whether pkg imports one of paths, directly or not.
func importsAny(pkg *types.Package, paths ...string) bool {
	seen := make(map[*types.Package]bool)
	var visit func(p *types.Package) bool
	visit = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, path := range paths {
			if p.Path() == path {
				return true
			}
		}
		for _, q := range p.Imports() {
			if visit(q) {
				return true
			}
		}
		return false
	}
	return visit(pkg)
}

type checker struct {
	pass    *analysis.Pass
	rep     *report.Reporter
	engines []*release.Engine
	syntax  *astindex.Index
}

// exportFacts exports fn's summary when a caller in another package can
// use it.
func (c *checker) exportFacts(fn *ssa.Function) {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil {
		return
	}
	fact := &summaryFact{Kinds: make([]release.Summary, len(c.engines))}
	useful := false
	for i, e := range c.engines {
		if s := e.Summarize(fn); s.Interesting() {
			fact.Kinds[i] = *s
			useful = true
		}
	}
	if useful {
		c.pass.ExportObjectFact(obj, fact)
	}
}

// callSite returns the syntax of the call at lparen and the expressions
// its results are assigned to (nil where they are not assigned).
func (c *checker) callSite(lparen token.Pos) (*ast.CallExpr, []ast.Expr) {
	cur, ok := c.syntax.CallCursor(lparen)
	if !ok {
		return nil, nil
	}
	ce := cur.Node().(*ast.CallExpr)
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 {
			return ce, p.Lhs
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 {
			lhs := make([]ast.Expr, len(p.Names))
			for i, id := range p.Names {
				lhs[i] = id
			}
			return ce, lhs
		}
	}
	return ce, nil
}

// check reports acquisition a of kind k if some path leaks it.
func (c *checker) check(k int, a release.Acquisition) {
	call, lhs := c.callSite(a.Call.Pos())
	if call == nil || c.rep.Silenced(call.Pos()) {
		return
	}
	w, ok := c.engines[k].Check(a)
	if !ok || w == nil {
		return
	}
	kd := kinds[k]
	callee := calleeName(call)
	name := ""
	res := resultIndex(a)
	if res >= 0 && res < len(lhs) {
		if id, ok := lhs[res].(*ast.Ident); ok && id.Name != "_" {
			name = id.Name
		}
	}
	line := c.rep.Line(call.Pos())
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End()}
	if name == "" {
		d.Message = fmt.Sprintf("the %s returned by %s is discarded and never %s, %s; assign it and %s", kd.what, callee, kd.verb, kd.harm, kd.fix(kd.varName))
		c.rep.Report(d)
		return
	}
	if w == ssa.Instruction(a.Call) {
		d.Message = fmt.Sprintf("%s, the %s from %s, is not %s before the loop comes back to line %d, %s; %s at the end of each iteration",
			name, kd.what, callee, kd.verb, line, kd.harm, kd.short(name))
		c.rep.Report(d)
		return
	}
	pos := w.Pos()
	where := "the return at line %d"
	if !pos.IsValid() {
		pos, where = ssax.BodyEnd(w.Parent()), "the end of the function at line %d"
	}
	where = fmt.Sprintf(where, c.rep.Line(pos))
	d.Message = fmt.Sprintf("%s, the %s from %s, is not %s on the path to %s, %s; %s", name, kd.what, callee, kd.verb, where, kd.harm, kd.fix(name))
	if pos.IsValid() {
		d.Related = []analysis.RelatedInformation{{Pos: pos, Message: "returns without " + kd.gerund + " " + name}}
	}
	c.rep.Report(d)
}

// resultIndex returns the result of the call that holds the resource.
func resultIndex(a release.Acquisition) int {
	if ex, ok := a.Value.(*ssa.Extract); ok {
		return ex.Index
	}
	if a.Value == nil {
		if t, ok := a.Call.Type().(*types.Tuple); ok && t.Len() > 1 {
			return 0
		}
	}
	return 0
}

// calleeName renders the called function as written: http.Get, c.Do.
func calleeName(ce *ast.CallExpr) string {
	switch f := ast.Unparen(ce.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := ast.Unparen(f.X).(*ast.Ident); ok {
			return x.Name + "." + f.Sel.Name
		}
		return f.Sel.Name
	case *ast.IndexExpr:
		return calleeName(&ast.CallExpr{Fun: f.X})
	case *ast.IndexListExpr:
		return calleeName(&ast.CallExpr{Fun: f.X})
	}
	return "the call"
}

// inTestFile reports whether fn is declared in a _test.go file: tests and
// benchmarks end with the process, and often discard responses on purpose
// (a request expected to fail), so their leaks are not reported.
func inTestFile(pass *analysis.Pass, fn *ssa.Function) bool {
	return strings.HasSuffix(pass.Fset.Position(fn.Pos()).Filename, "_test.go")
}
