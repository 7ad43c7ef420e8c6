package cfree

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/release"
	"github.com/leakvet/leakvet/passes/internal/report"
)

//go:embed doc.go
var doc string

// Analyzer reports C memory from C.CString, C.CBytes, C.malloc and
// C.calloc that is not freed on some path.
var Analyzer = &analysis.Analyzer{
	Name:     "cfree",
	Doc:      analyzerdoc.MustExtract(doc, "cfree"),
	URL:      analyzerdoc.URL("cfree"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:      run,
}

// allocators are the functions cgo generates for the C allocations whose
// memory the caller must free: C.CString, C.CBytes, C.malloc (which cgo
// calls _CMalloc) and C.calloc.
var allocators = map[string]string{
	"_Cfunc_CString":  "C.CString",
	"_Cfunc_CBytes":   "C.CBytes",
	"_Cfunc__CMalloc": "C.malloc",
	"_Cfunc_calloc":   "C.calloc",
}

func run(pass *analysis.Pass) (any, error) {
	if !usesCgo(pass.Pkg) {
		return nil, nil
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	syntax := pass.ResultOf[astindex.Analyzer].(*astindex.Index)
	rep := report.New(pass)
	e := &release.Engine{Kind: cKind, Pkg: pass.Pkg}
	for _, fn := range ssainfo.SrcFuncs {
		if rep.Generated(fn.Pos()) || strings.HasSuffix(pass.Fset.Position(fn.Pos()).Filename, "_test.go") {
			continue
		}
		for _, a := range e.Acquisitions(fn) {
			call := syntax.Call(a.Call.Pos())
			if call == nil || rep.Silenced(call.Pos()) {
				continue
			}
			w, ok := e.Check(a)
			if !ok || w == nil {
				continue
			}
			alloc := allocators[cgoName(a.Call.Common())]
			name := "the memory"
			if id, ok := syntax.AssignedTo(a.Call.Pos()).(*ast.Ident); ok && id.Name != "_" {
				name = id.Name
			}
			d := analysis.Diagnostic{Pos: call.Pos(), End: call.End()}
			switch {
			case a.Value == nil || name == "the memory" && len(*a.Call.Referrers()) == 0:
				d.Message = fmt.Sprintf("the memory %s allocates is discarded and never freed; the Go garbage collector does not manage C memory", alloc)
			case w == ssa.Instruction(a.Call):
				d.Message = fmt.Sprintf("%s from %s is not freed before the loop comes back to allocate again, so every pass leaks C memory the Go garbage collector never frees; C.free it at the end of each iteration", name, alloc)
			default:
				where := "the end of the function"
				if w.Pos().IsValid() {
					where = fmt.Sprintf("the return at line %d", rep.Line(w.Pos()))
					d.Related = []analysis.RelatedInformation{{Pos: w.Pos(), Message: "returns without freeing " + name}}
				}
				d.Message = fmt.Sprintf("%s from %s is not freed on the path to %s, and the Go garbage collector never frees C memory; defer C.free(unsafe.Pointer(%s)) right after the allocation", name, alloc, where, name)
			}
			rep.Report(d)
		}
	}
	return nil, nil
}

// usesCgo reports whether pkg was translated by cgo: its scope holds the
// functions cgo generates.
func usesCgo(pkg *types.Package) bool {
	return pkg.Scope().Lookup("_Cfunc_free") != nil || pkg.Scope().Lookup("_Cfunc_CString") != nil ||
		pkg.Scope().Lookup("_Cfunc__CMalloc") != nil || pkg.Scope().Lookup("_Cfunc_CBytes") != nil
}

// cgoName returns the name of the package-level function c calls
// statically, or "".
func cgoName(c *ssa.CallCommon) string {
	fn := c.StaticCallee()
	if fn == nil || fn.Parent() != nil {
		return ""
	}
	return fn.Name()
}

// cKind is C memory, released by C.free.
var cKind = &release.Kind{
	Acquires: func(c *ssa.CallCommon) (int, int, bool) {
		_, ok := allocators[cgoName(c)]
		return 0, -1, ok
	},
	Releases: func(c *ssa.CallCommon, arg int) bool {
		return arg == 0 && cgoName(c) == "_Cfunc_free"
	},
	// Other C functions use the memory and leave it to the caller
	// (C.GoString, C.strlen, the library's own calls), as do the pointer
	// checks cgo inserts around every call; their generated Go wrappers
	// hand the pointer to the runtime, which a summary would take for an
	// escape.
	Known: func(c *ssa.CallCommon, arg int) (release.Effect, bool) {
		name := cgoName(c)
		if arg >= 0 && (strings.HasPrefix(name, "_Cfunc_") || name == "_cgoCheckPointer" || name == "_Cgo_use" || name == "_Cgo_keepalive") {
			return release.Borrows, true
		}
		return release.Unknown, false
	},
	Handle: func(t types.Type) bool {
		if b, ok := types.Unalias(t).(*types.Basic); ok && b.Kind() == types.UnsafePointer {
			return true
		}
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			return false
		}
		n, ok := types.Unalias(p.Elem()).(*types.Named)
		return ok && strings.HasPrefix(n.Obj().Name(), "_Ctype_")
	},
}
