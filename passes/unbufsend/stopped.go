package unbufsend

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// The receiver that can stop: a channel held in a struct field (or a
// package variable) whose only receivers are loops that can leave on
// another case — a stop channel, ctx.Done(), a timer — and a plain send
// on it elsewhere. Once the loop has left, nothing receives any more and
// the send blocks forever (etcd #6857, where Status blocked after the raft
// node stopped):
//
//	func (n *node) run() {
//		for {
//			select {
//			case c := <-n.status:
//				c <- n.state()
//			case <-n.stop:
//				return
//			}
//		}
//	}
//
//	func (n *node) Status() state {
//		c := make(chan state)
//		n.status <- c // blocks forever once run has returned
//		return <-c
//	}
//
// The fix selects on the same stop channel in the sender.

// checkStoppedReceivers reports plain sends on the package's abstract
// channels whose every receiver is a loop that can leave on another case.
func checkStoppedReceivers(rep *report.Reporter, model *chanflow.Package) {
	for _, a := range model.Chans {
		checkStopped(rep, model, a)
		checkNoReceiver(rep, a)
	}
}

// checkNoReceiver reports plain sends on an unbuffered channel held in a
// field or package variable that nothing receives from: no code in the
// package receives, and none outside can (kubernetes #107193, a plugin's
// registration status channel that every notification blocked on).
func checkNoReceiver(rep *report.Reporter, a *chanflow.Abstract) {
	if a.Escaped() || len(a.RecvEscapes) > 0 || a.Cap != 0 || len(a.Makes) == 0 {
		return
	}
	for _, op := range a.Ops {
		if op.Kind.IsRecv() || op.Kind == chanflow.Close {
			return
		}
	}
	for _, op := range a.Ops {
		if op.Kind != chanflow.Send || op.Guarded || op.Callback || op.Instr == nil || rep.Generated(op.Pos) {
			continue
		}
		name := op.Name()
		rep.Report(analysis.Diagnostic{
			Pos:     op.Pos,
			Message: fmt.Sprintf("send on %s blocks forever: nothing in this package receives from %s; receive from it, or drop the send", name, name),
			Related: []analysis.RelatedInformation{madeRelated(a)},
		})
	}
}

// madeRelated names the (first) make of a, for a report's related
// positions.
func madeRelated(a *chanflow.Abstract) analysis.RelatedInformation {
	return report.Related(makePos(a), a.Name()+" is made here, unbuffered")
}

// makePos returns the position of the first make of a.
func makePos(a *chanflow.Abstract) token.Pos {
	st := a.Makes[0]
	if v, ok := st.Val.(*ssa.MakeChan); ok && v.Pos().IsValid() {
		return v.Pos()
	}
	return st.Pos()
}

// A stoppingLoop is a loop that receives from the channel and can leave
// on another select case.
type stoppingLoop struct {
	fn       *ssa.Function
	exitCase string    // the case that leaves, as code: <-s.stop, <-ctx.Done()
	exitPos  token.Pos // where the loop leaves: the return, or the case
}

func checkStopped(rep *report.Reporter, model *chanflow.Package, a *chanflow.Abstract) {
	// Every use must be visible, the channel made once, unbuffered (a
	// buffer delays the block by its size, and sizes vary), and never
	// closed (after a close, a send panics rather than blocks).
	if a.Escaped() || len(a.RecvEscapes) > 0 || len(a.Makes) != 1 || a.Cap != 0 {
		return
	}
	var sends []*chanflow.PkgOp
	var loops []*stoppingLoop
	for _, op := range a.Ops {
		if op.Callback || op.Instr == nil {
			return // a summary or a callback: where it runs is unknown
		}
		switch {
		case op.Kind == chanflow.Close:
			return
		case op.Kind.IsRecv():
			l := stoppingLoopOf(model, op)
			if l == nil {
				// A receive that is not a loop that can stop: it may be
				// the one that drains the senders.
				return
			}
			loops = append(loops, l)
		case op.Kind == chanflow.Send && !op.Guarded:
			sends = append(sends, op)
		}
	}
	if len(loops) == 0 {
		return
	}
	for _, send := range sends {
		sf := send.Func()
		if sameAsLoop(sf, loops) || sameAsLoop(send.Fn, loops) || locksBefore(send.Instr) {
			// The loop sending to itself is another bug; a send under a
			// lock may be guarded by a flag the stopper sets under it.
			continue
		}
		l := loops[0]
		name := send.Name()
		rel := []analysis.RelatedInformation{{Pos: l.exitPos, Message: fmt.Sprintf("the loop receiving from %s leaves here on %s", name, l.exitCase)}}
		for _, st := range model.Starts(l.fn) {
			rel = append(rel, analysis.RelatedInformation{Pos: st.Pos(), Message: fmt.Sprintf("%s is started here", l.fn.Name())})
			break
		}
		rel = append(rel, madeRelated(a))
		if rep.Generated(send.Pos) || rep.InTestFile(send.Pos) {
			// A test drives the object's lifecycle itself: it sends while
			// it knows the loop runs, and cancels after.
			continue
		}
		rep.Report(analysis.Diagnostic{
			Pos: send.Pos,
			Message: fmt.Sprintf("send on %s blocks forever once %s has returned: its loop, the only receiver, leaves on %s (line %d); select on %s in the send too",
				name, l.fn.Name(), l.exitCase, rep.Line(l.exitPos), caseChan(l.exitCase)),
			Related: rel,
		})
	}
}

func sameAsLoop(fn *ssa.Function, loops []*stoppingLoop) bool {
	for _, l := range loops {
		if cfg.Encloses(l.fn, fn.Blocks[0].Instrs[0]) || l.fn == fn {
			return true
		}
	}
	return false
}

// stoppingLoopOf returns the loop of op, a receive case of a select in a
// loop, when another receive case of that select leaves for good.
func stoppingLoopOf(model *chanflow.Package, op *chanflow.PkgOp) *stoppingLoop {
	if op.Kind != chanflow.SelectRecv {
		return nil
	}
	stop := model.StopCaseOf(op)
	if stop == nil || model.Loops(stop.Fn).Innermost(op.Instr.Block()) == nil {
		return nil
	}
	return &stoppingLoop{fn: stop.Fn, exitCase: "<-" + chanExpr(stop.Chan), exitPos: stop.Pos}
}

// caseChan returns the channel of a case text "<-x".
func caseChan(c string) string {
	if len(c) > 2 && c[:2] == "<-" {
		return c[2:]
	}
	return c
}

// locksBefore reports whether the function of instr locks a mutex before
// it on some path: the send may run under a lock that the code stopping
// the loop takes too, after setting a flag the sender checks.
func locksBefore(instr ssa.Instruction) bool {
	fn := instr.Parent()
	for _, b := range fn.Blocks {
		for _, x := range b.Instrs {
			call := ssax.CallOf(x)
			if call == nil {
				continue
			}
			if ssax.IsMethodCall(call, "sync", "Mutex", "Lock") || ssax.IsMethodCall(call, "sync", "RWMutex", "Lock", "RLock") {
				if cfg.PathExists(x, func(i ssa.Instruction) bool { return i == instr }, nil) {
					return true
				}
			}
		}
	}
	return false
}
