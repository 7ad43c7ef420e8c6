package endlessgo

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
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that have no way to end.
var Analyzer = &analysis.Analyzer{
	Name:      "endlessgo",
	Doc:       analyzerdoc.MustExtract(doc, "endlessgo"),
	URL:       analyzerdoc.URL("endlessgo"),
	Requires:  []*analysis.Analyzer{astindex.Analyzer, buildssa.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(endlessFact)},
}

// endlessFact marks a function of another package that never ends: it
// loops waiting on channels with no way out (neverEnds), and does not
// serve signals. A go statement of this package that starts it leaks the
// goroutine as one that starts a function of this package would.
type endlessFact struct {
	WaitsOn string // what its loop waits on, as its package spells it
}

// AFact marks endlessFact as an analysis fact.
func (*endlessFact) AFact() {}

func (f *endlessFact) String() string { return "endless(" + f.WaitsOn + ")" }

func run(pass *analysis.Pass) (any, error) {
	if pass.Pkg.Name() == "main" {
		return nil, nil // goroutines of a command live as long as it does
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	rep := report.New(pass)
	syntax := pass.ResultOf[astindex.Analyzer].(*astindex.Index)
	verdicts := make(map[*ssa.Function]*endless)
	exportFacts(pass, syntax, ssainfo.SrcFuncs, verdicts)
	for _, fn := range ssainfo.SrcFuncs {
		if len(fn.Blocks) == 0 || rep.Generated(fn.Pos()) || runsOnce(pass, fn) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var started *ssa.Function
				switch instr := instr.(type) {
				case *ssa.Go:
					started = chanflow.StartedFunction(instr)
				case *ssa.Call:
					started = chanflow.StartedFunction(instr)
				}
				if started != nil && started.Origin() != nil {
					// An instance of a generic function: judge its body.
					started = started.Origin()
				}
				if started == nil {
					continue
				}
				var e *endless
				if len(started.Blocks) == 0 {
					// Another package's function: its fact says.
					var f endlessFact
					obj, ok := started.Object().(*types.Func)
					if !ok || obj.Pkg() == pass.Pkg || !pass.ImportObjectFact(obj, &f) {
						continue
					}
					e = &endless{waitsOn: f.WaitsOn}
				} else {
					var ok bool
					e, ok = verdicts[started]
					if !ok {
						e = neverEnds(syntax, started)
						verdicts[started] = e
					}
					if e == nil || callsSignalNotify(started) || !perCallState(instr, started) {
						continue
					}
				}
				if e == nil || callsSignalNotify(fn) {
					continue
				}
				d := analysis.Diagnostic{
					Pos: instr.Pos(),
					Message: fmt.Sprintf("goroutine running %s never ends: its loop waits on %s and has no return or break, so each call of %s leaks one goroutine; add a case on a stop channel or ctx.Done() that returns",
						startedName(pass, started), e.waitsOn, funcName(fn)),
				}
				if e.pos.IsValid() {
					d.Related = []analysis.RelatedInformation{{Pos: e.pos, Message: "the loop that never exits"}}
				}
				rep.Report(d)
			}
		}
	}
	return nil, nil
}

// endless describes a function that cannot return.
type endless struct {
	pos     token.Pos // the wait, or the loop
	waitsOn string
}

// neverEnds returns a description when fn can neither return nor end its
// goroutine (runtime.Goexit), and loops waiting on channels: a select
// with no way out, a receive in a loop with no exit. A function that
// merely runs forever without waiting (a busy loop, an accept loop) is
// left alone: what ends it is not a channel.
func neverEnds(syntax *astindex.Index, fn *ssa.Function) *endless {
	ends := cfg.Query{Target: func(i ssa.Instruction) bool {
		if cfg.IsReturn(i) {
			return true
		}
		if ssax.NeverReturns(i) {
			// runtime.Goexit ends the goroutine; os.Exit and log.Fatal end
			// the program, and with it the goroutine.
			return true
		}
		p, isPanic := i.(*ssa.Panic)
		return isPanic && !afterEmptySelect(p)
	}, Follow: func(b *ssa.BasicBlock, succ int) bool {
		// A for-range over a ticker's channel never sees it closed:
		// Ticker.Stop does not close it.
		return succ != 1 || !rangesOverTicker(b)
	}}
	if ends.At(fn.Blocks[0], 0) != nil {
		return nil
	}
	loops := cfg.FindLoops(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var names []string
			switch instr := instr.(type) {
			case *ssa.Select:
				if !instr.Blocking {
					continue
				}
				if len(instr.States) == 0 {
					return &endless{pos: instr.Pos(), waitsOn: "nothing (select {})"}
				}
				for _, st := range instr.States {
					if st.Dir == types.SendOnly {
						continue
					}
					names = append(names, chanName(syntax, st.Chan))
				}
			case *ssa.UnOp:
				if instr.Op != token.ARROW {
					continue
				}
				names = append(names, chanName(syntax, instr.X))
			default:
				continue
			}
			if len(names) == 0 || loops.Innermost(b) == nil {
				continue
			}
			l := loops.Innermost(b)
			pos := l.Pos(fn)
			if !pos.IsValid() {
				pos = instr.Pos()
			}
			return &endless{pos: pos, waitsOn: strings.Join(names, ", ")}
		}
	}
	return nil
}

// rangesOverTicker reports whether b is the head of a for-range loop over
// the channel of a time.Ticker or time.Timer, or of time.Tick: channels
// nothing ever closes.
func rangesOverTicker(b *ssa.BasicBlock) bool {
	if b.Comment != "rangechan.loop" {
		return false
	}
	for _, instr := range b.Instrs {
		recv, ok := instr.(*ssa.UnOp)
		if !ok || recv.Op != token.ARROW || !recv.CommaOk {
			continue
		}
		return isTickerChan(recv.X)
	}
	return false
}

// isTickerChan reports whether v is time.Tick(d), or t.C of a
// *time.Ticker or *time.Timer.
func isTickerChan(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Call:
		return ssax.IsCall(v.Common(), "time", "Tick")
	case *ssa.UnOp:
		fa, ok := v.X.(*ssa.FieldAddr)
		return ok && v.Op == token.MUL && typesx.IsPointerTo(fa.X.Type(), "time", "Ticker", "Timer")
	}
	return false
}

// afterEmptySelect reports whether p is the panic go/ssa places after
// `select {}`, which never runs.
func afterEmptySelect(p *ssa.Panic) bool {
	for _, instr := range p.Block().Instrs {
		if sel, ok := instr.(*ssa.Select); ok && sel.Blocking && len(sel.States) == 0 {
			return true
		}
	}
	return false
}

// runsOnce reports whether goroutines fn starts are started once per
// program, or belong to a test: main, init, package-level initialization,
// tests and examples, and closures passed to sync.Once.Do.
func runsOnce(pass *analysis.Pass, fn *ssa.Function) bool {
	if f := pass.Fset.File(fn.Pos()); f != nil && strings.HasSuffix(f.Name(), "_test.go") {
		return true
	}
	for f := fn; f != nil; f = f.Parent() {
		if f.Synthetic == "package initializer" || f.Parent() == nil && (f.Name() == "init" || strings.HasPrefix(f.Name(), "init#")) {
			return true
		}
		if f.Parent() != nil && passedToOnceDo(f) {
			return true
		}
	}
	return false
}

// passedToOnceDo reports whether the closure fn is passed to
// (*sync.Once).Do.
func passedToOnceDo(fn *ssa.Function) bool {
	parent := fn.Parent()
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !ssax.IsMethodCall(call.Common(), "sync", "Once", "Do") {
				continue
			}
			for _, arg := range call.Call.Args {
				if mc, ok := arg.(*ssa.MakeClosure); ok && mc.Fn == fn {
					return true
				}
				if arg == fn {
					return true
				}
			}
		}
	}
	return false
}

// perCallState reports whether the goroutine started by site works on
// state of the call that starts it: a method (its receiver), a function
// given arguments, or a closure capturing variables. A goroutine with none
// (`go func() { for range time.Tick(d) { debug.FreeOSMemory() } }()`) is
// process-wide housekeeping: it leaks only if its starter runs more than
// once, which a library's setup function usually does not.
func perCallState(site ssa.Instruction, started *ssa.Function) bool {
	if len(started.FreeVars) > 0 || len(started.Params) > 0 {
		return true
	}
	if g, ok := site.(*ssa.Go); ok {
		for _, a := range g.Call.Args {
			if _, isFn := a.(*ssa.Function); !isFn {
				if _, isMC := a.(*ssa.MakeClosure); !isMC {
					return true
				}
			}
		}
	}
	return false
}

// callsSignalNotify reports whether fn subscribes to signals: a goroutine
// serving them lives as long as the program.
func callsSignalNotify(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c := ssax.CallOf(instr); c != nil && ssax.IsCall(c, "os/signal", "Notify") {
				return true
			}
		}
	}
	return false
}

// chanName renders a waited-on channel: t.C, s.reqs, time.After, ch.
func chanName(syntax *astindex.Index, v ssa.Value) string {
	if name := exprName(syntax, v, 0); name != "" {
		return name
	}
	if call, ok := v.(*ssa.Call); ok {
		if callee := call.Call.StaticCallee(); callee != nil {
			if callee.Pkg != nil && callee.Signature.Recv() == nil {
				return callee.Pkg.Pkg.Name() + "." + callee.Name()
			}
			return callee.Name() + "()"
		}
		if call.Call.IsInvoke() {
			return call.Call.Method.Name() + "()"
		}
	}
	return "a channel"
}

// exprName renders v as the source expression it reads, x.f.g, when it is
// a chain of field loads from a named variable; "" otherwise.
func exprName(syntax *astindex.Index, v ssa.Value, depth int) string {
	if depth > 6 {
		return ""
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		return v.Name()
	case *ssa.FreeVar:
		return v.Name()
	case *ssa.Global:
		return v.Name()
	case *ssa.Alloc:
		return v.Comment
	case *ssa.ChangeType:
		return exprName(syntax, v.X, depth+1)
	case *ssa.Call:
		if id, ok := syntax.AssignedTo(v.Pos()).(*ast.Ident); ok {
			return id.Name
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return ""
		}
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			base := exprName(syntax, fa.X, depth+1)
			st, ok := typesx.Deref(fa.X.Type()).Underlying().(*types.Struct)
			if base == "" || !ok || fa.Field >= st.NumFields() {
				return ""
			}
			return base + "." + st.Field(fa.Field).Name()
		}
		return exprName(syntax, v.X, depth+1)
	}
	return ""
}

// funcName renders fn for messages: run, loop, the func literal in
// Start.
func funcName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "the func literal in " + funcName(fn.Parent())
	}
	return fn.Name()
}

// exportFacts exports an endlessFact for each exported package-level
// function or method that never ends and waits on channels, for the packages that
// start it. Only functions that take arguments (or a receiver) count: a
// goroutine on no state of its starter is process-wide housekeeping
// (perCallState).
func exportFacts(pass *analysis.Pass, syntax *astindex.Index, funcs []*ssa.Function, verdicts map[*ssa.Function]*endless) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !obj.Exported() || fn.Parent() != nil || len(fn.Blocks) == 0 || len(fn.Params) == 0 || !waits(fn) {
			continue
		}
		e, seen := verdicts[fn]
		if !seen {
			e = neverEnds(syntax, fn)
			verdicts[fn] = e
		}
		if e != nil && !callsSignalNotify(fn) {
			pass.ExportObjectFact(obj, &endlessFact{WaitsOn: e.waitsOn})
		}
	}
}

// waits reports whether fn has a blocking select or a receive: a cheap
// test before neverEnds.
func waits(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Select:
				if instr.Blocking {
					return true
				}
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					return true
				}
			}
		}
	}
	return false
}

// startedName names the started function for messages: pkg.F for another
// package's function.
func startedName(pass *analysis.Pass, fn *ssa.Function) string {
	if fn.Pkg != nil && fn.Pkg.Pkg != pass.Pkg && fn.Parent() == nil {
		if recv := fn.Signature.Recv(); recv != nil {
			return fn.Name()
		}
		return fn.Pkg.Pkg.Name() + "." + fn.Name()
	}
	return funcName(fn)
}
