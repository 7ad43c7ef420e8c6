package release_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/release"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// resKind is the testdata's *res from open(), released by Close or by
// Next returning false.
var resKind = &release.Kind{
	Acquires: func(c *ssa.CallCommon) (int, int, bool) {
		f := ssax.Callee(c)
		return 0, 1, f != nil && f.Name() == "open" && f.Pkg().Path() == "res"
	},
	Releases: func(c *ssa.CallCommon, arg int) bool {
		return arg == 0 && ssax.IsMethodCall(c, "res", "res", "Close")
	},
	Borrows: func(_ *ssa.CallCommon, f *types.Func, arg int) bool {
		return arg == 0 && f != nil && typesx.IsMethod(f, "res", "res")
	},
	Handle: func(t types.Type) bool { return typesx.IsPointerTo(t, "res", "res") },
	ReleasedOn: func(cond ssa.Value, isAlias func(ssa.Value) bool) (int, bool) {
		call, ok := cond.(*ssa.Call)
		if ok && ssax.IsMethodCall(call.Common(), "res", "res", "Next") && isAlias(call.Call.Args[0]) {
			return 1, true
		}
		return 0, false
	},
}

// checker reports every acquisition the engine finds leaking, naming the
// witness: a return or the acquisition itself (a loop).
var checker = &analysis.Analyzer{
	Name:     "releasetest",
	Doc:      "test of the release engine",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		e := &release.Engine{Kind: resKind, Pkg: pass.Pkg}
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			for _, a := range e.Acquisitions(fn) {
				w, ok := e.Check(a)
				switch {
				case !ok:
					pass.Reportf(a.Call.Pos(), "undecided")
				case w == ssa.Instruction(a.Call):
					pass.Reportf(a.Call.Pos(), "leaks around the loop")
				case w != nil && !w.Pos().IsValid():
					pass.Reportf(a.Call.Pos(), "leaks at the end of the function")
				case w != nil:
					pass.Reportf(a.Call.Pos(), "leaks at line %d", pass.Fset.Position(w.Pos()).Line)
				}
			}
		}
		return nil, nil
	},
}

func TestEngine(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), checker, "res")
}
