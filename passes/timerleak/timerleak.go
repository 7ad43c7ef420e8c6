package timerleak

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/release"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports tickers and timers that, before Go 1.23, are never
// garbage collected.
var Analyzer = &analysis.Analyzer{
	Name:     "timerleak",
	Doc:      analyzerdoc.MustExtract(doc, "timerleak"),
	URL:      analyzerdoc.URL("timerleak"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:      run,
}

// collectable is the first Go version whose garbage collector frees
// unreferenced timers and tickers that were never stopped.
const collectable = "go1.23"

func run(pass *analysis.Pass) (any, error) {
	old := oldFiles(pass)
	if len(old) == 0 {
		return nil, nil
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:   pass,
		rep:    report.New(pass),
		syntax: pass.ResultOf[astindex.Analyzer].(*astindex.Index),
		ticker: &release.Engine{Kind: tickerKind, Pkg: pass.Pkg},
		timer:  &release.Engine{Kind: timerKind, Pkg: pass.Pkg},
		isMain: pass.Pkg.Name() == "main",
	}
	for _, fn := range ssainfo.SrcFuncs {
		tf := pass.Fset.File(fn.Pos())
		v, ok := old[tf]
		if !ok || c.rep.Generated(fn.Pos()) || strings.HasSuffix(tf.Name(), "_test.go") {
			continue
		}
		c.version = v
		c.checkFunc(fn)
	}
	return nil, nil
}

// oldFiles returns the files of the pass whose Go version is known and
// before 1.23, with that version. An unknown version means current.
func oldFiles(pass *analysis.Pass) map[*token.File]string {
	out := make(map[*token.File]string)
	for _, f := range pass.Files {
		v := pass.TypesInfo.FileVersions[f]
		if !version.IsValid(v) || version.Compare(v, collectable) >= 0 {
			continue
		}
		if !importsTime(f) {
			continue
		}
		if tf := pass.Fset.File(f.FileStart); tf != nil {
			out[tf] = v
		}
	}
	return out
}

func importsTime(f *ast.File) bool {
	for _, imp := range f.Imports {
		if imp.Path.Value == `"time"` {
			return true
		}
	}
	return false
}

type checker struct {
	pass    *analysis.Pass
	rep     *report.Reporter
	syntax  *astindex.Index
	ticker  *release.Engine
	timer   *release.Engine
	cycles  cfg.Cycles
	isMain  bool
	version string
}

func (c *checker) checkFunc(fn *ssa.Function) {
	for _, a := range c.ticker.Acquisitions(fn) {
		c.checkTicker(a)
	}
	for _, a := range c.timer.Acquisitions(fn) {
		c.checkTimer(a)
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			switch {
			case ssax.IsCall(call.Common(), "time", "Tick"):
				c.checkTick(call)
			case ssax.IsCall(call.Common(), "time", "After"):
				c.checkAfter(call)
			}
		}
	}
}

// checkTicker reports a ticker not stopped on some path to a return, or
// before the loop makes the next one.
func (c *checker) checkTicker(a release.Acquisition) {
	call := c.syntax.Call(a.Call.Pos())
	if call == nil || c.rep.Silenced(call.Pos()) {
		return
	}
	w, ok := c.ticker.Check(a)
	if !ok || w == nil {
		return
	}
	name := c.name(a)
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End()}
	if w == ssa.Instruction(a.Call) {
		d.Message = "ticker " + name + " is not stopped before the loop comes back to time.NewTicker and makes another; before Go 1.23 (this file is " + c.version + ") an unstopped ticker is never garbage collected and keeps firing; call " + name + ".Stop() at the end of each iteration"
		c.rep.Report(d)
		return
	}
	pos := w.Pos()
	where := "the end of the function"
	if pos.IsValid() {
		where = "the return at line " + itoa(c.rep.Line(pos))
		d.Related = []analysis.RelatedInformation{{Pos: pos, Message: "returns without stopping " + name}}
	}
	d.Message = "ticker " + name + " is not stopped on the path to " + where + "; before Go 1.23 (this file is " + c.version + ") an unstopped ticker is never garbage collected and keeps firing; defer " + name + ".Stop() after creating it"
	c.rep.Report(d)
}

// checkTimer reports a timer made on every pass of a loop that is neither
// stopped nor fired before the next pass: before Go 1.23 each one stays in
// memory until it fires.
func (c *checker) checkTimer(a release.Acquisition) {
	if !c.cycles.InCycle(a.Call.Block()) {
		return
	}
	call := c.syntax.Call(a.Call.Pos())
	if call == nil || c.rep.Silenced(call.Pos()) {
		return
	}
	if short(a.Call.Call.Args[0]) {
		return
	}
	w, ok := c.timer.Check(a)
	if !ok || w != ssa.Instruction(a.Call) {
		return
	}
	name := c.name(a)
	c.rep.Report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(),
		Message: "timer " + name + " is neither stopped nor fired before the loop comes back to time.NewTimer and makes another; before Go 1.23 (this file is " + c.version + ") every such timer stays in memory until it fires; call " + name + ".Stop() when the iteration is done, or make one timer before the loop and Reset it"})
}

// checkTick reports time.Tick in a function that can return: the ticker
// behind the channel can never be stopped, and before Go 1.23 it is never
// collected. An endless function (a goroutine's loop, a server) and
// package main use it as intended.
func (c *checker) checkTick(call *ssa.Call) {
	if c.isMain {
		return
	}
	ce := c.syntax.Call(call.Pos())
	if ce == nil || c.rep.Silenced(ce.Pos()) {
		return
	}
	again := c.cycles.InCycle(call.Block()) && cfg.PathExistsVia(call, func(i ssa.Instruction) bool { return i == ssa.Instruction(call) }, ssax.NeverReturns, mayTake)
	ret := cfg.PathExistsVia(call, cfg.IsReturn, ssax.NeverReturns, mayTake)
	if !again && !ret {
		return
	}
	msg := "time.Tick in a function that returns leaks its ticker: nothing can stop it, and before Go 1.23 (this file is " + c.version + ") it is never garbage collected; use time.NewTicker and defer its Stop"
	if again {
		msg = "time.Tick in a loop makes a new ticker on every pass that nothing can stop, and before Go 1.23 (this file is " + c.version + ") none is ever garbage collected; make one time.NewTicker before the loop and defer its Stop"
	}
	c.rep.Report(analysis.Diagnostic{Pos: ce.Pos(), End: ce.End(), Message: msg})
}

// checkAfter reports time.After evaluated on every pass of a loop as a
// case of a select that has other cases: each pass that another case ends
// leaves a timer behind, and before Go 1.23 it stays in memory until it
// fires. A constant duration under a minute bounds the waste and is not reported.
func (c *checker) checkAfter(call *ssa.Call) {
	if !c.cycles.InCycle(call.Block()) || short(call.Call.Args[0]) {
		return
	}
	sel, ok := selectOf(call)
	if !ok || len(sel.States) < 2 && sel.Blocking {
		return
	}
	ce := c.syntax.Call(call.Pos())
	if ce == nil || c.rep.Silenced(ce.Pos()) {
		return
	}
	if !otherCaseLoops(sel, call) {
		return
	}
	c.rep.Report(analysis.Diagnostic{Pos: ce.Pos(), End: ce.End(),
		Message: "time.After in a loop makes a new timer on every pass, and before Go 1.23 (this file is " + c.version + ") each one the select does not pick stays in memory until it fires; make one time.NewTimer before the loop and Reset it, or stop a per-pass timer when the select returns"})
}

// otherCaseLoops reports whether some case of sel other than the one
// receiving from call's channel (or its default) leads back to call: only
// then can timers pile up. A loop whose other cases all return or break
// out leaves at most one timer behind. Cases receiving from a chan
// struct{} (a stop or done channel, ctx.Done()) do not count: such a
// channel fires once, when it is closed, and the loop is on its way out.
func otherCaseLoops(sel *ssa.Select, call *ssa.Call) bool {
	again := cfg.Query{
		Target: func(i ssa.Instruction) bool { return i == ssa.Instruction(call) },
		Avoid:  ssax.NeverReturns,
	}
	cases := []int{-1}
	for i, st := range sel.States {
		if st.Chan != ssa.Value(call) && !signal(st.Chan) {
			cases = append(cases, i)
		}
	}
	for _, i := range cases {
		if i == -1 && sel.Blocking {
			continue
		}
		entry := chanflow.CaseEntry(sel, i)
		if entry == nil {
			return true // cannot tell which blocks the case runs: assume it loops
		}
		if again.At(entry, 0) != nil {
			return true
		}
	}
	return false
}

// signal reports whether ch is a chan struct{}: closed to signal, not
// sent values.
func signal(ch ssa.Value) bool {
	c, ok := types.Unalias(ch.Type()).Underlying().(*types.Chan)
	if !ok {
		return false
	}
	st, ok := types.Unalias(c.Elem()).Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// selectOf returns the select whose case receives from the channel call
// returns, if that is its only use.
func selectOf(call *ssa.Call) (*ssa.Select, bool) {
	refs := ssax.Referrers(call)
	var sel *ssa.Select
	for _, r := range refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Select:
			if sel != nil {
				return nil, false
			}
			sel = r
		default:
			return nil, false
		}
	}
	return sel, sel != nil
}

// short reports whether d is a constant duration under a minute: timers
// that fire that soon cannot pile up to anything that matters (a second's
// timer behind each of a burst of events is gone a second later).
func short(d ssa.Value) bool {
	k, ok := d.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return false
	}
	n, ok := constant.Int64Val(k.Value)
	return ok && n < int64(time.Minute)
}

// name returns the variable the acquisition is assigned to, or a
// description.
func (c *checker) name(a release.Acquisition) string {
	if e, ok := c.syntax.AssignedTo(a.Call.Pos()).(*ast.Ident); ok && e.Name != "_" {
		return e.Name
	}
	if e, ok := c.syntax.AssignedTo(a.Call.Pos()).(*ast.SelectorExpr); ok {
		return e.Sel.Name
	}
	return "from line " + itoa(c.rep.Line(a.Call.Pos()))
}

func itoa(n int) string { return strconv.Itoa(n) }

// mayTake reports whether control can leave b for b.Succs[succ]: not
// when that is the end of a for-range over a ticker's channel, which is
// never closed.
func mayTake(b *ssa.BasicBlock, succ int) bool {
	if succ != 1 || len(b.Instrs) == 0 {
		return true
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	return !ok || !rangeOverTicker(iff.Cond)
}

// rangeOverTicker reports whether cond is the ok of a receive from a
// ticker's channel: time.Tick's result or a Ticker's C.
func rangeOverTicker(cond ssa.Value) bool {
	ex, ok := cond.(*ssa.Extract)
	if !ok || ex.Index != 1 {
		return false
	}
	recv, ok := ex.Tuple.(*ssa.UnOp)
	if !ok || recv.Op != token.ARROW {
		return false
	}
	switch ch := recv.X.(type) {
	case *ssa.Call:
		return ssax.IsCall(ch.Common(), "time", "Tick")
	case *ssa.UnOp:
		fa, ok := ch.X.(*ssa.FieldAddr)
		if !ok || ch.Op != token.MUL || !typesx.IsPointerTo(fa.X.Type(), "time", "Ticker") {
			return false
		}
		st, ok := typesx.Deref(fa.X.Type()).Underlying().(*types.Struct)
		return ok && fa.Field < st.NumFields() && st.Field(fa.Field).Name() == "C"
	}
	return false
}

// tickerKind is a *time.Ticker from time.NewTicker, released by Stop.
var tickerKind = &release.Kind{
	Acquires: func(c *ssa.CallCommon) (int, int, bool) {
		return 0, -1, ssax.IsCall(c, "time", "NewTicker")
	},
	Releases: func(c *ssa.CallCommon, arg int) bool {
		return arg == 0 && ssax.IsMethodCall(c, "time", "Ticker", "Stop")
	},
	Borrows: func(_ *ssa.CallCommon, f *types.Func, arg int) bool {
		return arg == 0 && f != nil && typesx.IsMethod(f, "time", "Ticker")
	},
	Handle: func(t types.Type) bool { return typesx.IsPointerTo(t, "time", "Ticker") },
	// The end of a for-range over a ticker's channel is never reached.
	ReleasedOn: func(cond ssa.Value, _ func(ssa.Value) bool) (int, bool) {
		return 1, rangeOverTicker(cond)
	},
}

// timerKind is a *time.Timer from time.NewTimer, released by Stop or by
// firing (a receive from its channel).
var timerKind = &release.Kind{
	Acquires: func(c *ssa.CallCommon) (int, int, bool) {
		return 0, -1, ssax.IsCall(c, "time", "NewTimer")
	},
	Releases: func(c *ssa.CallCommon, arg int) bool {
		return arg == 0 && ssax.IsMethodCall(c, "time", "Timer", "Stop")
	},
	Borrows: func(_ *ssa.CallCommon, f *types.Func, arg int) bool {
		return arg == 0 && f != nil && typesx.IsMethod(f, "time", "Timer")
	},
	Member: func(owner types.Type, field int) bool {
		if !typesx.IsNamed(owner, "time", "Timer") {
			return false
		}
		st, ok := owner.Underlying().(*types.Struct)
		return ok && field < st.NumFields() && st.Field(field).Name() == "C"
	},
	Received: true,
	Handle:   func(t types.Type) bool { return typesx.IsPointerTo(t, "time", "Timer") },
}
