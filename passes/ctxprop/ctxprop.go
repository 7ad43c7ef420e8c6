package ctxprop

import (
	_ "embed"
	"go/ast"
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
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports contexts that stop propagating: cancel functions that
// some path never calls, fresh contexts and context-less calls where a
// context is in scope.
var Analyzer = &analysis.Analyzer{
	Name:      "ctxprop",
	Doc:       analyzerdoc.MustExtract(doc, "ctxprop"),
	URL:       analyzerdoc.URL("ctxprop"),
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	FactTypes: []analysis.Fact{new(freshContextFact), new(ignoresCancelFact)},
	Run:       run,
}

func run(pass *analysis.Pass) (any, error) {
	// Fast path: every finding needs context.Context or *http.Request
	// spelled out somewhere in the package.
	if !typesx.Imports(pass.Pkg, "context", "net/http") {
		return nil, nil
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass: pass,
		rep:  report.New(pass),
		idx:  pass.ResultOf[astindex.Analyzer].(*astindex.Index),
		prog: ssainfo.Pkg.Prog,

		ignoring: make(map[paramKey]bool),
		variants: make(map[*types.Func]*variant),
	}
	c.indexSyntax()
	c.exportFreshFacts(ssainfo.SrcFuncs)
	c.exportIgnoresCancelFacts(ssainfo.SrcFuncs)
	callers := packageCallers(ssainfo.SrcFuncs)
	for _, fn := range ssainfo.SrcFuncs {
		if c.exempt(fn) {
			continue
		}
		c.checkCancels(fn)
		c.checkHelperFresh(fn, callers)
		scope := contextInScope(fn)
		if scope == nil || c.inDeferred(fn) {
			continue
		}
		flow := computeFlow(fn)
		c.checkFreshContexts(fn, scope, flow)
		c.checkContextlessCalls(fn, scope, flow)
		c.checkGoroutines(fn, scope, flow)
	}
	return nil, nil
}

// A checker holds what the checks of one pass share.
type checker struct {
	pass *analysis.Pass
	rep  *report.Reporter
	idx  *astindex.Index
	prog *ssa.Program
	// ignoring memoises ignoresCancel: whether a function of the package
	// never waits on one of its context parameters.
	ignoring map[paramKey]bool
	// lhs maps a call assigned to two variables (ctx, cancel := f()) to
	// the expression receiving its second result.
	lhs map[*ast.CallExpr]ast.Expr
	// blanked holds the variables the code silences with `_ = v`.
	blanked map[*types.Var]bool
	// readFields holds the unexported struct fields that the package
	// reads somewhere: a selector that is not the target of a plain
	// assignment, or any field of a struct value converted to another
	// type (whose fields, with the same names, may then be read).
	readFields map[*types.Var]bool
	// cycles tells which blocks sit in a loop, once per function.
	cycles cfg.Cycles
	// variants memoises deriveVariant per context-less function (nil:
	// none).
	variants map[*types.Func]*variant
}

// markConverted records every unexported field of a struct (or pointer
// to struct) type t as read: a value of t converted to another struct
// type has its fields read under that type's names.
func (c *checker) markConverted(t types.Type) {
	if t == nil {
		return
	}
	if ptr, ok := t.Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); !f.Exported() {
			c.readFields[f.Origin()] = true
		}
	}
}

// indexSyntax records, in one walk of the files, what the SSA checks need
// to know about the syntax beyond the package's astindex: the variable
// receiving a call's second result, the
// variables explicitly discarded with `_ = v`, and the unexported fields
// the package reads.
func (c *checker) indexSyntax() {
	c.lhs = make(map[*ast.CallExpr]ast.Expr)
	c.blanked = make(map[*types.Var]bool)
	c.readFields = make(map[*types.Var]bool)
	assigned := make(map[*ast.SelectorExpr]bool) // x.f = ... targets
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if tv, ok := c.pass.TypesInfo.Types[n.Fun]; ok && tv.IsType() && len(n.Args) == 1 {
					c.markConverted(c.pass.TypesInfo.TypeOf(n.Args[0]))
				}
			case *ast.SelectorExpr:
				if sel, ok := c.pass.TypesInfo.Selections[n]; ok && sel.Kind() == types.FieldVal && !assigned[n] {
					if v, ok := sel.Obj().(*types.Var); ok && !v.Exported() {
						c.readFields[v.Origin()] = true
					}
				}
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
							assigned[sel] = true
						}
					}
				}
				if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
					if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
						c.lhs[call] = n.Lhs[1]
					}
				}
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
							if rid, ok := ast.Unparen(n.Rhs[i]).(*ast.Ident); ok {
								if v, ok := c.pass.TypesInfo.Uses[rid].(*types.Var); ok {
									c.blanked[v] = true
								}
							}
						}
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == 2 && len(n.Values) == 1 {
					if call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr); ok {
						c.lhs[call] = n.Names[1]
					}
				}
			}
			return true
		})
	}
}

// exempt reports whether fn is outside the analyzer's remit: code in
// tests, in main and init (which own the process's root context, and whose
// return ends the program or comes before any request), and generated code.
func (c *checker) exempt(fn *ssa.Function) bool {
	if !fn.Pos().IsValid() || c.rep.Generated(fn.Pos()) {
		return true
	}
	if c.rep.InTestFile(fn.Pos()) {
		return true
	}
	top := fn
	for i := 0; top.Parent() != nil && i < 100; i++ {
		top = top.Parent()
	}
	if top.Signature.Recv() != nil {
		return false
	}
	name := top.Name()
	if name == "init" || strings.HasPrefix(name, "init#") {
		return true
	}
	return name == "main" && c.pass.Pkg.Name() == "main"
}

// inDeferred reports whether fn is a function literal run by a defer
// statement, or nested in one: deferred cleanup must often outlive a
// context that is already done, so a fresh context there is deliberate.
func (c *checker) inDeferred(fn *ssa.Function) bool {
	for f, i := fn, 0; f.Parent() != nil && i < 100; f, i = f.Parent(), i+1 {
		if deferredIn(f, f.Parent()) {
			return true
		}
	}
	return false
}

// deferredIn reports whether parent defers a call of the literal lit.
func deferredIn(lit, parent *ssa.Function) bool {
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			switch v := d.Call.Value.(type) {
			case *ssa.MakeClosure:
				if v.Fn == lit {
					return true
				}
			case *ssa.Function:
				if v == lit {
					return true
				}
			}
		}
	}
	return false
}

// A ctxScope is the context a function has at hand.
type ctxScope struct {
	name string    // the variable: "ctx", "r"
	decl token.Pos // its declaration, to check it is not shadowed
	expr string    // how to write the context: "ctx", "r.Context()"
}

// contextInScope returns the context fn can use: its first named
// context.Context parameter, else its first *http.Request parameter, else
// the same captured from an enclosing function. A parameter named _ is a
// statement that the function does not want its context; it counts as
// none.
func contextInScope(fn *ssa.Function) *ctxScope {
	var req *ctxScope
	for _, p := range fn.Params {
		obj, _ := p.Object().(*types.Var)
		if obj == nil || obj.Name() == "" || obj.Name() == "_" {
			continue
		}
		if isContext(p.Type()) {
			return &ctxScope{name: obj.Name(), decl: obj.Pos(), expr: obj.Name()}
		}
		if req == nil && isRequest(p.Type()) {
			req = &ctxScope{name: obj.Name(), decl: obj.Pos(), expr: obj.Name() + ".Context()"}
		}
	}
	if req != nil {
		return req
	}
	for _, fv := range fn.FreeVars {
		t := fv.Type()
		if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
			t = ptr.Elem()
		}
		if isContext(t) {
			return &ctxScope{name: fv.Name(), decl: fv.Pos(), expr: fv.Name()}
		}
		if req == nil && isRequest(t) {
			req = &ctxScope{name: fv.Name(), decl: fv.Pos(), expr: fv.Name() + ".Context()"}
		}
	}
	return req
}

// resolvesAt reports whether s's variable is visible, unshadowed, at pos,
// so that a fix may write it there.
func (c *checker) resolvesAt(s *ctxScope, pos token.Pos) bool {
	inner := c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return false
	}
	_, obj := inner.LookupParent(s.name, pos)
	return obj != nil && obj.Pos() == s.decl
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool { return typesx.IsNamed(t, "context", "Context") }

// isRequest reports whether t is *net/http.Request.
func isRequest(t types.Type) bool {
	return typesx.IsPointerTo(t, "net/http", "Request")
}
