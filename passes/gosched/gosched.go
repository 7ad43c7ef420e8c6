package gosched

import (
	_ "embed"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/report"
)

//go:embed doc.go
var doc string

// Analyzer reports spin-waits and runtime.Gosched used to order goroutines.
var Analyzer = &analysis.Analyzer{
	Name:     "gosched",
	Doc:      analyzerdoc.MustExtract(doc, "gosched"),
	URL:      analyzerdoc.URL("gosched"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:      run,
}

// checker holds the state of one pass.
type checker struct {
	pass *analysis.Pass
	rep  *report.Reporter
	cls  *classifier
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{pass: pass, rep: report.New(pass), cls: newClassifier(pass.Pkg, pass.ResultOf[astindex.Analyzer].(*astindex.Index))}
	for _, fn := range ssainfo.SrcFuncs {
		if len(fn.Blocks) == 0 || c.rep.Generated(fn.Pos()) {
			continue
		}
		c.checkSpins(fn)
		c.checkOrdering(fn)
	}
	return nil, nil
}

// inTest reports whether pos lies in a _test.go file.
func (c *checker) inTest(pos token.Pos) bool {
	return strings.HasSuffix(c.pass.Fset.Position(pos).Filename, "_test.go")
}
