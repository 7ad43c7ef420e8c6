package gosched

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/report"
)

//go:embed doc.go
var doc string

// Analyzer reports spin-waits and runtime.Gosched used to order goroutines.
var Analyzer = &analysis.Analyzer{
	Name:     "gosched",
	Doc:      analyzerdoc.MustExtract(doc, "gosched"),
	URL:      analyzerdoc.URL("gosched"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer, chanflow.Analyzer},
	Run:      run,
}

// checker holds the state of one pass.
type checker struct {
	pass *analysis.Pass
	rep  *report.Reporter
	cls  *classifier
	// chans tells which channels a started goroutine closes or sends on,
	// and where the starter receives from them (see joinedLater).
	chans *chanflow.Result
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:  pass,
		rep:   report.New(pass),
		cls:   newClassifier(pass.Pkg, pass.ResultOf[astindex.Analyzer].(*astindex.Index)),
		chans: pass.ResultOf[chanflow.Analyzer].(*chanflow.Result),
	}
	for _, fn := range ssainfo.SrcFuncs {
		if len(fn.Blocks) == 0 || c.rep.Generated(fn.Pos()) {
			continue
		}
		c.checkSpins(fn)
		c.checkOrdering(fn)
	}
	return nil, nil
}
