package recvblock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports receives that no send or close can ever satisfy.
var Analyzer = &analysis.Analyzer{
	Name:     "recvblock",
	Doc:      analyzerdoc.MustExtract(doc, "recvblock"),
	URL:      analyzerdoc.URL("recvblock"),
	Requires: []*analysis.Analyzer{astindex.Analyzer, buildssa.Analyzer, chanflow.Analyzer, lockset.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	flows := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	k := &checker{pass: pass, rep: report.New(pass), model: flows.Package(), syntax: pass.ResultOf[astindex.Analyzer].(*astindex.Index), locks: pass.ResultOf[lockset.Analyzer].(*lockset.Result), reported: make(map[ssa.Instruction]bool)}
	for _, a := range k.model.Chans {
		k.checkAbstract(a)
	}
	for _, fn := range ssainfo.SrcFuncs {
		if len(fn.Blocks) == 0 || k.rep.Generated(fn.Pos()) || !makesChan(fn) {
			continue
		}
		for _, c := range flows.Func(fn).Chans {
			if c.Make != nil {
				k.checkLocal(fn, c)
			}
		}
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	rep      *report.Reporter
	model    *chanflow.Package
	syntax   *astindex.Index
	locks    *lockset.Result
	reported map[ssa.Instruction]bool
}

// checkAbstract judges a channel held in a field or a package variable.
// Every store and every use must be visible: otherwise code we cannot see
// may make, send on or close it.
func (k *checker) checkAbstract(a *chanflow.Abstract) {
	if a.Escaped() || len(a.Ops) == 0 {
		return
	}
	if len(a.Makes) == 0 {
		k.nilChannel(a)
		return
	}
	var sends, closes []*chanflow.PkgOp
	for _, op := range a.Ops {
		switch {
		case op.Kind.IsSend():
			sends = append(sends, op)
		case op.Kind == chanflow.Close:
			closes = append(closes, op)
		}
	}
	for _, op := range a.Ops {
		if op.Callback || op.Instr == nil || op.Guarded {
			continue
		}
		if op.Kind != chanflow.Recv && op.Kind != chanflow.Range {
			continue
		}
		if k.comparesNil(op.Func(), a) {
			continue
		}
		name := op.Name()
		switch {
		case len(sends) == 0 && len(closes) == 0:
			k.report(op.Instr, op.Pos, related(makePos(a), "%s is made here", name),
				"%s blocks forever: nothing in this package sends on or closes %s; close it where the work it waits for ends",
				opText(op.Op, name), name)
		case len(sends) == 0 && onlyOwnDeferredClose(op, closes):
			k.report(op.Instr, op.Pos, related(closes[0].Pos, "the deferred close of %s", name),
				"%s blocks forever: the only close of %s is deferred by %s itself (line %d) and runs after it returns; close it where the work ends, or do not wait",
				opText(op.Op, name), name, op.Func().Name(), k.rep.Line(closes[0].Pos))
		case op.Kind == chanflow.Range && len(closes) == 0 && rangeEndsOnlyOnClose(op.Instr):
			if isMainOrInit(op.Fn) {
				continue
			}
			k.report(op.Instr, op.Pos, related(sends[0].Pos, "%s is sent on here", name),
				"for range over %s never ends: nothing in this package closes %s, so the goroutine ranging over it leaks once the senders are done; close %s when the last send is over",
				name, name, name)
		case len(closes) == 0 && k.stoppedSenders(op, sends):
		default:
			k.lockedRecv(a, op, append(sends, closes...))
		}
	}
}

// stoppedSenders reports, and returns true, when op, a plain receive,
// waits for senders that all give up on a stop case (a send case of a
// select next to `<-s.done` or `<-ctx.Done()` that then leaves for good),
// and nothing closes the channel: once they have stopped, the receive
// blocks forever (gouroboros #478: a protocol's send loop waited on its
// queue after shutdown).
func (k *checker) stoppedSenders(op *chanflow.PkgOp, sends []*chanflow.PkgOp) bool {
	if len(sends) == 0 {
		return false
	}
	// A buffered channel may be a semaphore: its receive gives back a slot
	// the same goroutine filled (net's threadLimit), not a wait for others.
	if a := k.model.AbstractOf(op.Load); a == nil || a.Cap != 0 {
		return false
	}
	var stop *chanflow.StopCase
	for _, s := range sends {
		if s.Kind != chanflow.SelectSend || s.Callback {
			return false
		}
		sc := k.model.StopCaseOf(s)
		if sc == nil || sc.Fn == op.Func() || !k.isStopChannel(sc.Chan) {
			return false
		}
		if stop == nil {
			stop = sc
		}
	}
	name := op.Name()
	stopName := caseName(stop.Chan)
	k.report(op.Instr, op.Pos, related(stop.Pos, "the sender gives up here on <-%s", stopName),
		"%s blocks forever once its senders have stopped: every send on %s gives up on <-%s (line %d) and nothing closes %s; select on %s here too",
		opText(op.Op, name), name, stopName, k.rep.Line(stop.Pos), name, stopName)
	return true
}

// isStopChannel reports whether v is the object's stop channel: a field or
// package variable channel, every use of it visible, that is closed and
// never sent on. A per-call ctx.Done() only says that one sender gives up;
// the next call may send again.
func (k *checker) isStopChannel(v ssa.Value) bool {
	a := k.model.AbstractOf(v)
	if a == nil || a.Escaped() {
		return false
	}
	closes := 0
	for _, op := range a.Ops {
		switch {
		case op.Kind.IsSend():
			return false
		case op.Kind == chanflow.Close:
			closes++
		}
	}
	return closes > 0
}

// caseName renders the channel of a stop case: s.done, ctx.Done(), quit.
func caseName(v ssa.Value) string {
	if loc, ok := chanflow.LocationOf(v); ok {
		return loc.Name()
	}
	if call, ok := v.(*ssa.Call); ok {
		if call.Call.IsInvoke() {
			return valueName(call.Call.Value) + "." + call.Call.Method.Name() + "()"
		}
		if callee := call.Call.StaticCallee(); callee != nil {
			if callee.Signature.Recv() != nil && len(call.Call.Args) > 0 {
				return valueName(call.Call.Args[0]) + "." + callee.Name() + "()"
			}
			return callee.Name() + "()"
		}
	}
	return valueName(v)
}

func valueName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Parameter:
		return v.Name()
	case *ssa.FreeVar:
		return v.Name()
	case *ssa.Global:
		return v.Name()
	case *ssa.UnOp:
		if loc, ok := chanflow.LocationOf(v); ok {
			return loc.Name()
		}
		if fv, ok := v.X.(*ssa.FreeVar); ok {
			return fv.Name()
		}
		if a, ok := v.X.(*ssa.Alloc); ok && a.Comment != "" {
			return a.Comment
		}
	}
	return "the stop channel"
}

// lockedRecv reports a receive made while holding a mutex that every
// send on and close of the channel needs too: the senders cannot reach
// their send while the receiver waits holding the lock.
func (k *checker) lockedRecv(a *chanflow.Abstract, op *chanflow.PkgOp, counterparts []*chanflow.PkgOp) {
	if a.Cap != 0 {
		return
	}
	others := make([]ssa.Instruction, 0, len(counterparts))
	for _, c := range counterparts {
		if c.Instr == nil || c.Callback {
			return
		}
		others = append(others, c.Instr)
	}
	for _, h := range k.locks.Func(op.Instr.Parent()).HeldAt(op.Instr) {
		need := k.locks.AllHold(h, op.Instr, others)
		if need == nil {
			continue
		}
		name := op.Name()
		rel := related(need.Op.Pos(), "the sender takes %s here before sending on %s", need.Mutex.Name(), name)
		if h.Op != nil {
			rel = append(rel, related(h.Op.Pos(), "%s is locked here", h.Mutex.Name())...)
		}
		k.report(op.Instr, op.Pos, rel,
			"%s while holding %s blocks forever: every send on or close of %s needs %s first (line %d); release %s before receiving",
			opText(op.Op, name), h.Mutex.Name(), name, need.Mutex.Name(), k.rep.Line(need.Op.Pos()), h.Mutex.Name())
		return
	}
}

// nilChannel reports blocking ops on a channel that is never made: it is
// nil, and a send or receive on a nil channel blocks forever, a close
// panics. In a select a nil channel is a case that never fires, a common
// way to switch a case off, so select cases are left alone.
func (k *checker) nilChannel(a *chanflow.Abstract) {
	for _, op := range a.Ops {
		if op.Callback || op.Instr == nil || op.Guarded || op.Site != op.Instr {
			continue
		}
		if k.comparesNil(op.Func(), a) {
			continue
		}
		name := op.Name()
		var rel []analysis.RelatedInformation
		if len(a.NilStores) > 0 {
			rel = related(a.NilStores[0].Pos(), "%s is set to nil here", name)
		}
		switch op.Kind {
		case chanflow.Send, chanflow.Recv, chanflow.Range:
			k.report(op.Instr, op.Pos, rel,
				"%s blocks forever: %s is never assigned a channel in this package, so it is nil; make it where %s is constructed",
				opText(op.Op, name), name, ownerName(a))
		case chanflow.Close:
			k.report(op.Instr, op.Pos, rel,
				"close of %s panics: %s is never assigned a channel in this package, so it is nil; make it where %s is constructed",
				name, name, ownerName(a))
		}
	}
}

// receivedAtOnce reports whether recv, in the block of mk, follows it with
// no call, go or defer statement in between: nothing could have been
// meant to send on the channel.
func receivedAtOnce(mk *ssa.MakeChan, recv ssa.Instruction) bool {
	if mk == nil || recv.Block() != mk.Block() {
		return false
	}
	after := false
	for _, instr := range mk.Block().Instrs {
		switch {
		case instr == mk:
			after = true
		case instr == recv:
			return after
		case after:
			if _, ok := instr.(ssa.CallInstruction); ok {
				return false
			}
		}
	}
	return false
}

// checkLocal judges a channel made by fn whose every use fn can see.
func (k *checker) checkLocal(fn *ssa.Function, c *chanflow.Chan) {
	for _, esc := range c.Escapes {
		if esc.Callback == nil {
			return
		}
	}
	var sends, closes []*chanflow.Op
	for _, ops := range [][]*chanflow.Op{c.Ops, c.Callbacks} {
		for _, op := range ops {
			if op.Instr == nil && isSignalNotify(op.Callee) {
				// A signal subscription: the runtime sends for as long as
				// the program runs; ranging over it is how a signal
				// handler lives.
				return
			}
			switch {
			case op.Kind.IsSend():
				sends = append(sends, op)
			case op.Kind == chanflow.Close:
				closes = append(closes, op)
			}
		}
	}
	id, ok := k.syntax.AssignedTo(c.Make.Pos()).(*ast.Ident)
	if !ok {
		// `<-make(chan struct{})`: blocking forever on purpose, as
		// select {} does.
		return
	}
	name := id.Name
	for _, op := range c.Ops {
		if op.Instr == nil || op.Guarded || (op.Kind != chanflow.Recv && op.Kind != chanflow.Range) {
			continue
		}
		switch {
		case len(sends) == 0 && len(closes) == 0:
			if isMainOrInit(fn) {
				// `done := make(chan bool); <-done` at the end of main:
				// blocking the program forever on purpose.
				continue
			}
			if receivedAtOnce(c.Make, op.Instr) {
				// `c := make(chan struct{}); <-c` with nothing in
				// between: a stub or fake that blocks forever on
				// purpose, the spelled-out form of select {}.
				continue
			}
			k.report(op.Instr, op.Pos, related(c.Make.Pos(), "%s is made here", name),
				"%s blocks forever: nothing sends on or closes %s; close it where the work it waits for ends",
				opText(op, name), name)
		case len(sends) == 0 && localOwnDeferredClose(op, closes):
			k.report(op.Instr, op.Pos, related(closes[0].Pos, "the deferred close of %s", name),
				"%s blocks forever: the only close of %s is deferred by %s itself (line %d) and runs after it returns; close it where the work ends, or do not wait",
				opText(op, name), name, fn.Name(), k.rep.Line(closes[0].Pos))
		case op.Kind == chanflow.Range && len(closes) == 0 && rangeEndsOnlyOnClose(op.Instr):
			if isMainOrInit(fn) {
				continue
			}
			k.report(op.Instr, op.Pos, related(sends[0].Pos, "%s is sent on here", name),
				"for range over %s never ends: nothing closes %s, so the goroutine ranging over it leaks once the senders are done; close %s after the last send",
				name, name, name)
		}
	}
}

func (k *checker) report(instr ssa.Instruction, pos token.Pos, rel []analysis.RelatedInformation, format string, args ...any) {
	if k.reported[instr] || !pos.IsValid() || k.rep.Generated(pos) {
		return
	}
	k.reported[instr] = true
	k.rep.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Related: rel})
}

func related(pos token.Pos, format string, args ...any) []analysis.RelatedInformation {
	if !pos.IsValid() {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: fmt.Sprintf(format, args...)}}
}

func opText(op *chanflow.Op, name string) string {
	switch op.Kind {
	case chanflow.Send:
		return "send on " + name
	case chanflow.Range:
		return "for range over " + name
	}
	return "receive from " + name
}

func ownerName(a *chanflow.Abstract) string {
	if a.Global != nil {
		return "the package"
	}
	if a.Owner != nil {
		return "a " + a.Owner.Obj().Name()
	}
	return "its struct"
}

// onlyOwnDeferredClose reports whether every close in closes is deferred by
// the function that performs op, in the goroutine that performs it, and op
// runs in that function before the return: the close comes after the
// receive that waits for it.
func onlyOwnDeferredClose(op *chanflow.PkgOp, closes []*chanflow.PkgOp) bool {
	if op.Spawned || op.Deferred || op.Func() != op.Fn {
		return false
	}
	for _, c := range closes {
		if !c.Deferred || c.Spawned || c.Fn != op.Fn || c.Callback {
			return false
		}
	}
	return len(closes) > 0
}

func localOwnDeferredClose(op *chanflow.Op, closes []*chanflow.Op) bool {
	if op.Spawned || op.Deferred || op.Site != op.Instr {
		return false
	}
	for _, c := range closes {
		// The close is deferred by op's function itself: directly, or
		// by a deferred helper (of this package or, through facts,
		// another) that closes it.
		if !c.Deferred || c.Spawned || c.Site == nil || c.Site.Parent() != op.Site.Parent() {
			return false
		}
		if _, isDefer := c.Site.(*ssa.Defer); !isDefer {
			return false
		}
	}
	return len(closes) > 0
}

// rangeEndsOnlyOnClose reports whether the for-range loop whose receive is
// recv can end only by its channel being closed: no break, return or goto
// leaves its body.
func rangeEndsOnlyOnClose(recv ssa.Instruction) bool {
	b := recv.Block()
	fn := recv.Parent()
	if b == nil || fn == nil {
		return false
	}
	loop := cfg.FindLoops(fn).Innermost(b)
	if loop == nil {
		return false
	}
	for _, x := range loop.Blocks(fn) {
		for _, s := range x.Succs {
			if !loop.Contains(s) && x != b {
				return false
			}
		}
	}
	return true
}

// comparesNil reports whether fn compares a load of a with nil: code that
// guards its use of the channel (`if s.hook != nil { <-s.hook }`) knows it
// may be unset.
func (k *checker) comparesNil(fn *ssa.Function, a *chanflow.Abstract) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			bin, ok := instr.(*ssa.BinOp)
			if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
				continue
			}
			for _, pair := range [][2]ssa.Value{{bin.X, bin.Y}, {bin.Y, bin.X}} {
				if c, ok := pair[1].(*ssa.Const); ok && c.IsNil() && k.model.AbstractOf(pair[0]) == a {
					return true
				}
			}
		}
	}
	return false
}

func isMainOrInit(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		if f.Parent() == nil {
			return f.Pkg != nil && f.Pkg.Pkg.Name() == "main" && f.Name() == "main" || f.Name() == "init" || f.Synthetic == "package initializer"
		}
	}
	return false
}

// isSignalNotify reports whether fn is os/signal.Notify.
func isSignalNotify(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && typesx.IsFunc(obj, "os/signal", "Notify")
}

func makesChan(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.MakeChan); ok {
				return true
			}
		}
	}
	return false
}

// makePos returns the position of the first make of a.
func makePos(a *chanflow.Abstract) token.Pos {
	st := a.Makes[0]
	v := st.Val
	for i := 0; i < 4; i++ {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			break
		}
		v = ct.X
	}
	if v.Pos().IsValid() {
		return v.Pos()
	}
	return st.Pos()
}
