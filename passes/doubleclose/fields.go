package doubleclose

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// Two functions that both close a field: a goroutine of the package closes
// s.done on its way out (`defer close(s.done)`), and another function
// (Stop, the consumer) closes it too, each on every path. Whichever runs
// second panics: the producer and the consumer both closing, or a
// goroutine and its owner both closing after a select.
//
// Closes under sync.Once (a closure handed to Once.Do), behind a flag or
// the `select { case <-s.done: default: close(s.done) }` idiom are not on
// every path and are left alone, as is a field that is made more than
// once (re-made per run: which channel each close meets is unknown).

// checkFieldCloses reports such pairs over the package's abstract
// channels.
func (c *checker) checkFieldCloses(model *chanflow.Package) {
	for _, a := range model.Chans {
		if a.Escaped() || len(a.Makes) != 1 {
			continue
		}
		var closes []*chanflow.PkgOp
		for _, op := range a.Ops {
			if op.Kind == chanflow.Close && !op.Callback && op.Instr != nil {
				closes = append(closes, op)
			}
		}
		if len(closes) < 2 {
			continue
		}
		c.checkFieldClosePairs(model, closes)
	}
}

func (c *checker) checkFieldClosePairs(model *chanflow.Package, closes []*chanflow.PkgOp) {
	for _, g := range closes {
		gfn := g.Func()
		starts := model.Starts(gfn)
		if len(starts) == 0 || !closesOnEveryReturn(g) || g.Fn != gfn {
			continue
		}
		for _, other := range closes {
			ofn := other.Func()
			if ofn == gfn || other.Fn != ofn || !closesOnEveryReturn(other) {
				continue
			}
			name := other.Name()
			c.reportField(other.Pos, []analysis.RelatedInformation{
				{Pos: g.Pos, Message: fmt.Sprintf("%s closes %s here on every path", gfn.Name(), g.Name())},
				{Pos: starts[0].Pos(), Message: fmt.Sprintf("%s is started here", gfn.Name())},
			}, "close of %s panics once %s has returned: the goroutine running %s closes %s too (line %d); close it in one place, or guard both with sync.Once",
				name, gfn.Name(), gfn.Name(), g.Name(), c.rep.Line(g.Pos))
			return
		}
	}
}

func (c *checker) reportField(pos token.Pos, rel []analysis.RelatedInformation, format string, args ...any) {
	if c.reported[pos] || c.rep.Generated(pos) {
		return
	}
	c.reported[pos] = true
	c.rep.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Related: rel})
}

// closesOnEveryReturn reports whether the close op runs whenever its
// function returns normally: a defer at the function's entry, or a close
// whose block dominates every return; and the function can return.
func closesOnEveryReturn(op *chanflow.PkgOp) bool {
	fn := op.Instr.Parent()
	if fn == nil || len(fn.Blocks) == 0 {
		return false
	}
	b := op.Instr.Block()
	returns := 0
	for _, rb := range fn.Blocks {
		if rb == fn.Recover || len(rb.Instrs) == 0 || !cfg.IsReturn(rb.Instrs[len(rb.Instrs)-1]) {
			continue
		}
		returns++
		if !b.Dominates(rb) {
			return false
		}
	}
	if returns == 0 {
		return false
	}
	if _, ok := op.Instr.(*ssa.Defer); ok {
		return true
	}
	// A plain close must not sit behind a loop that may never end.
	return cfg.FindLoops(fn).Innermost(b) == nil
}
