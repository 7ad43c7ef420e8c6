package poolput

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
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports values taken from a sync.Pool and not put back on an
// error path, or taken in a loop and put back once after it.
var Analyzer = &analysis.Analyzer{
	Name:      "poolput",
	Doc:       analyzerdoc.MustExtract(doc, "poolput"),
	URL:       analyzerdoc.URL("poolput"),
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(summaryFact)},
}

// summaryFact records what a function does with a pooled value passed to
// it (putBuffer releases it) and whether it returns one fresh from a pool
// (getBuffer).
type summaryFact struct{ release.Summary }

func (*summaryFact) AFact() {}

func (f *summaryFact) String() string {
	var parts []string
	for i, p := range f.Params {
		if p != release.Unknown {
			parts = append(parts, fmt.Sprintf("param%d %v", i, p))
		}
	}
	for i, r := range f.Results {
		if r {
			parts = append(parts, fmt.Sprintf("result%d fresh", i))
		}
	}
	return "pool: " + strings.Join(parts, ", ")
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	syntax := pass.ResultOf[astindex.Analyzer].(*astindex.Index)
	rep := report.New(pass)
	e := &release.Engine{
		Kind: poolKind,
		Pkg:  pass.Pkg,
		Import: func(f *types.Func) *release.Summary {
			var fact summaryFact
			if pass.ImportObjectFact(f, &fact) {
				return &fact.Summary
			}
			return nil
		},
		Exits:       returnsError,
		PartialOnly: true,
	}
	for _, fn := range ssainfo.SrcFuncs {
		exportFact(pass, e, fn)
	}
	for _, fn := range ssainfo.SrcFuncs {
		if rep.Generated(fn.Pos()) || strings.HasSuffix(pass.Fset.Position(fn.Pos()).Filename, "_test.go") {
			continue
		}
		for _, a := range e.Acquisitions(fn) {
			if a.Value == nil {
				continue
			}
			call := syntax.Call(a.Call.Pos())
			if call == nil || rep.Silenced(call.Pos()) {
				continue
			}
			w, ok := e.Check(a)
			if !ok || w == nil {
				continue
			}
			name := valueName(syntax, a)
			from := callee(call)
			d := analysis.Diagnostic{Pos: call.Pos(), End: call.End()}
			if w == ssa.Instruction(a.Call) {
				d.Message = fmt.Sprintf("%s from %s is not put back before the loop comes back to take another, so every pass but the last allocates anew and the pool is defeated; put it back at the end of each iteration", name, from)
			} else {
				d.Message = fmt.Sprintf("%s from %s is not put back on the error path to the return at line %d, so every failure allocates a new one and the pool is defeated; put it back before returning, or defer the Put", name, from, rep.Line(w.Pos()))
				d.Related = []analysis.RelatedInformation{{Pos: w.Pos(), Message: "returns an error without putting " + name + " back"}}
			}
			rep.Report(d)
		}
	}
	return nil, nil
}

// exportFact exports what fn does with pooled values, for functions that
// use a pool themselves (the helpers callers in other packages go
// through); computing it for every function would cost more than it finds.
func exportFact(pass *analysis.Pass, e *release.Engine, fn *ssa.Function) {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil || !usesPool(fn) {
		return
	}
	s := e.Summarize(fn)
	if s == nil {
		return
	}
	// Only what changes a caller's verdict: a helper that puts back, or
	// one that hands out a fresh value. (Borrowing helpers of other
	// packages then count as unknown, and their callers stay silent.)
	useful := false
	for _, p := range s.Params {
		useful = useful || p == release.Releases
	}
	for _, r := range s.Results {
		useful = useful || r
	}
	if useful {
		pass.ExportObjectFact(obj, &summaryFact{*s})
	}
}

func usesPool(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c := ssax.CallOf(instr); c != nil && ssax.IsMethodCall(c, "sync", "Pool", "Get", "Put") {
				return true
			}
		}
	}
	return false
}

// returnsError reports whether ret returns an error that is not nil: a
// failure path, where a forgotten Put is the classic mistake. A success
// path may keep the value on purpose (its bytes are still in use, or it
// grew too large to pool).
func returnsError(ret *ssa.Return) bool {
	for _, v := range ret.Results {
		if !types.Identical(v.Type(), types.Universe.Lookup("error").Type()) {
			continue
		}
		v = resultValue(ret, v)
		if v == nil {
			continue // cannot tell: not counted as a failure
		}
		if k, ok := v.(*ssa.Const); ok && k.Value == nil {
			continue
		}
		return true
	}
	return false
}

// resultValue returns the value a return gives back: v itself, or, in a
// function with defers (where go/ssa returns through result slots:
// `*slot = nil; rundefers; t = *slot; return t`), the value last stored
// into the slot in the return's block; nil if it cannot tell.
func resultValue(ret *ssa.Return, v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	slot, ok := load.X.(*ssa.Alloc)
	if !ok {
		return v
	}
	instrs := ret.Block().Instrs
	for i := len(instrs) - 1; i >= 0; i-- {
		if st, ok := instrs[i].(*ssa.Store); ok && st.Addr == ssa.Value(slot) {
			return st.Val
		}
	}
	return nil
}

// valueName returns the variable the pooled value is assigned to (after
// a type assertion, usually), or a description.
func valueName(syntax *astindex.Index, a release.Acquisition) string {
	cur, ok := syntax.CallCursor(a.Call.Pos())
	if !ok {
		return "the value"
	}
	// pool.Get().(*T): the assertion is the call's parent.
	for p := cur.Parent(); ; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.TypeAssertExpr, *ast.ParenExpr:
			continue
		case *ast.AssignStmt:
			if len(n.Lhs) >= 1 {
				if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
					return id.Name
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) >= 1 && n.Names[0].Name != "_" {
				return n.Names[0].Name
			}
		}
		return "the value"
	}
}

// callee renders the called function as written: bufPool.Get.
func callee(ce *ast.CallExpr) string {
	if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
		if x, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
			return x.Name + "." + sel.Sel.Name
		}
		if x, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok {
			return x.Sel.Name + "." + sel.Sel.Name
		}
		return sel.Sel.Name
	}
	if id, ok := ast.Unparen(ce.Fun).(*ast.Ident); ok {
		return id.Name
	}
	return "the pool"
}

// poolKind is a value taken from a sync.Pool, released by Put.
var poolKind = &release.Kind{
	Acquires: func(c *ssa.CallCommon) (int, int, bool) {
		return 0, -1, ssax.IsMethodCall(c, "sync", "Pool", "Get")
	},
	Releases: func(c *ssa.CallCommon, arg int) bool {
		return arg == 1 && ssax.IsMethodCall(c, "sync", "Pool", "Put")
	},
	Borrows: func(c *ssa.CallCommon, f *types.Func, arg int) bool {
		if f == nil {
			return false
		}
		if arg == release.Recv {
			return true // a method of the value, through an interface
		}
		sig := f.Signature()
		if sig.Recv() != nil && arg == 0 && !c.IsInvoke() {
			return isStd(f) // buf.Reset(), buf.WriteString(s)
		}
		// fmt.Fprintf(buf, ...), io.Copy(buf, r), json.NewEncoder(buf):
		// the standard library writes to or reads from an io interface
		// and does not keep it beyond the call's results.
		i := arg
		if sig.Recv() != nil && !c.IsInvoke() {
			i--
		}
		if !isStd(f) || i < 0 || i >= sig.Params().Len() {
			return false
		}
		n := typesx.NamedOf(sig.Params().At(i).Type())
		return n != nil && types.IsInterface(n) && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "io"
	},
	Handle: func(t types.Type) bool {
		switch types.Unalias(t).Underlying().(type) {
		case *types.Pointer, *types.Slice, *types.Interface:
			return true
		}
		return false
	},
}

func isStd(f *types.Func) bool {
	if f.Pkg() == nil {
		return false
	}
	first, _, _ := strings.Cut(f.Pkg().Path(), "/")
	return !strings.Contains(first, ".") && !strings.HasPrefix(f.Pkg().Path(), "net/http")
}
