package lockset_test

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/lockset"
)

// probe reports, at every call of a function named probe, the locks held
// on every path ("must") and on some path ("may"), and at every lock op
// of a callee, the op as the model sees it.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "test: print the lock model",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			f := res.Func(fn)
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					if callee := call.Common().StaticCallee(); callee != nil && callee.Name() == "probe" {
						pass.Reportf(call.Pos(), "must=%s may=%s", render(f.HeldAt(call), false), render(f.MayHeldAt(call), true))
					}
					for _, op := range f.OpsAt(call) {
						if op.Callee == nil {
							continue
						}
						pass.Reportf(call.Pos(), "op %s %s holds=%v fresh=%v key=%s via=%s", op.Kind, op.Mutex.Name(), op.Holds, op.Fresh, op.Mutex.Key, strings.Join(op.Via, ","))
					}
				}
			}
		}
		return nil, nil
	},
}

func render(hs []lockset.Held, may bool) string {
	var parts []string
	for _, h := range hs {
		s := h.Mutex.Name()
		if h.Read {
			s += "(r)"
		}
		if h.Deferred {
			s += "(d)"
		}
		parts = append(parts, s)
	}
	sort.Strings(parts)
	return "[" + strings.Join(parts, " ") + "]"
}

var _ = token.NoPos
var _ = fmt.Sprint

func TestHeld(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "held")
}

func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockset.Analyzer, "sum")
	analysistest.Run(t, analysistest.TestData(), probe, "sumuse")
}
