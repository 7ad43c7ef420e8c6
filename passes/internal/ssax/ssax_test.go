package ssax_test

import (
	"go/constant"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// probe reports what the vocabulary says about every call.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "reports what ssax says about calls",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					if ssax.NeverReturns(instr) {
						pass.Reportf(call.Pos(), "never returns")
					}
					if ssax.StopsTest(instr) {
						pass.Reportf(call.Pos(), "stops test")
					}
					if ssax.FailsTest(instr) {
						pass.Reportf(call.Pos(), "fails test")
					}
					switch {
					case ssax.IsMethodCall(&call.Call, "time", "Ticker", "Stop", "Reset"):
						pass.Reportf(call.Pos(), "time.Ticker.%s", ssax.Callee(&call.Call).Name())
					case ssax.IsCall(&call.Call, "time", "Sleep"):
						pass.Reportf(call.Pos(), "time.Sleep")
					}
				}
			}
		}
		return nil, nil
	},
}

func TestVocabulary(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "a")
}

func TestReferrers(t *testing.T) {
	if ssax.Referrers(nil) != nil {
		t.Error("Referrers(nil)")
	}
	if ssax.Referrers(ssa.NewConst(constant.MakeInt64(1), types.Typ[types.Int])) != nil {
		t.Error("a constant has no referrers")
	}
}
