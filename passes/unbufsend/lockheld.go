package unbufsend

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
)

// The send under a lock the receiver needs: a send on an unbuffered
// channel held in a field, made while holding a mutex, when every receive
// from that channel runs with the same mutex held. The receiver must take
// the lock before it can receive; the sender holds it until someone
// receives: neither moves (etcd #6873, where the watch broadcasts' stop
// waited for a loop that needed the lock Stop held):
//
//	func (b *broadcaster) add(w *watcher) {
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		b.adds <- w // blocks: loop needs b.mu to receive
//	}
//
//	func (b *broadcaster) loop() {
//		for {
//			b.mu.Lock()
//			w := <-b.adds
//			...
//			b.mu.Unlock()
//		}
//	}
//
// The fix releases the lock before sending, or receives without it.

// checkLockedSends reports such sends over the package's abstract channels.
func checkLockedSends(rep *report.Reporter, model *chanflow.Package, locks *lockset.Result) {
	for _, a := range model.Chans {
		if a.Escaped() || len(a.RecvEscapes) > 0 || a.Cap != 0 || len(a.Makes) == 0 {
			continue
		}
		var recvs, sends []*chanflow.PkgOp
		ok := true
		for _, op := range a.Ops {
			switch {
			case op.Kind.IsRecv():
				if op.Callback || op.Instr == nil {
					ok = false // a receiver whose locks we cannot see
				}
				recvs = append(recvs, op)
			case op.Kind == chanflow.Send && !op.Guarded && !op.Callback && op.Instr != nil:
				sends = append(sends, op)
			}
		}
		if !ok || len(recvs) == 0 {
			continue
		}
		made := madeRelated(a)
		for _, send := range sends {
			checkLockedSend(rep, model, locks, send, recvs, made)
		}
	}
}

func checkLockedSend(rep *report.Reporter, model *chanflow.Package, locks *lockset.Result, send *chanflow.PkgOp, recvs []*chanflow.PkgOp, made analysis.RelatedInformation) {
	for _, h := range locks.Func(send.Instr.Parent()).HeldAt(send.Instr) {
		need := locks.AllHold(h, send.Instr, instrs(recvs))
		if need == nil {
			if other := lockedInOtherCase(model, locks, h, send, recvs); other != nil {
				reportOtherCase(rep, send, h, other, made)
				return
			}
			continue
		}
		name := send.Name()
		rel := []analysis.RelatedInformation{{Pos: need.Op.Pos(), Message: fmt.Sprintf("the receiver takes %s here before receiving from %s", need.Mutex.Name(), name)}}
		if h.Op != nil && h.Op.Pos().IsValid() {
			rel = append(rel, analysis.RelatedInformation{Pos: h.Op.Pos(), Message: fmt.Sprintf("%s is locked here", h.Mutex.Name())})
		}
		rel = append(rel, made)
		if rep.Generated(send.Pos) {
			return
		}
		rep.Report(analysis.Diagnostic{
			Pos: send.Pos,
			Message: fmt.Sprintf("send on %s while holding %s blocks forever: its only receivers need %s first (line %d); release %s before sending",
				name, h.Mutex.Name(), need.Mutex.Name(), rep.Line(need.Op.Pos()), h.Mutex.Name()),
			Related: rel,
		})
		return
	}
}

// instrs returns the instructions of ops.
func instrs(ops []*chanflow.PkgOp) []ssa.Instruction {
	out := make([]ssa.Instruction, len(ops))
	for i, op := range ops {
		out[i] = op.Instr
	}
	return out
}

// lockedInOtherCase handles the receiver that does not hold the lock at
// its receive but cannot come back to it: every receiver is a case of a
// select in a loop, and another case of that select takes the mutex the
// sender holds. When that case fires while the sender waits, the receiver
// blocks on the lock and the sender on the send (sensu-go #1264: the
// monitor's reset sent under its mutex, and the monitor's timer case took
// the same mutex). It returns the first such lock op.
func lockedInOtherCase(model *chanflow.Package, locks *lockset.Result, h lockset.Held, send *chanflow.PkgOp, recvs []*chanflow.PkgOp) *lockset.Op {
	if h.Mutex.Key.Kind == lockset.LocalKey {
		return nil
	}
	var first *lockset.Op
	for _, r := range recvs {
		if r.Kind != chanflow.SelectRecv || r.Instr == nil || r.Instr.Parent() == send.Instr.Parent() {
			return nil
		}
		fn := r.Instr.Parent()
		loop := model.Loops(fn).Innermost(r.Instr.Block())
		if loop == nil {
			return nil
		}
		f := locks.Func(fn)
		var found *lockset.Op
	cases:
		for i := range r.Select.States {
			if i == r.Case {
				continue
			}
			for _, b := range chanflow.CaseBlocks(r.Select, i) {
				if !loop.Contains(b) {
					continue
				}
				for _, instr := range b.Instrs {
					for _, op := range f.OpsAt(instr) {
						if op.Kind.Acquires() && op.Mutex.Key == h.Mutex.Key && (!op.Read() || !h.Read) {
							found = op
							break cases
						}
					}
				}
			}
		}
		if found == nil {
			return nil
		}
		if first == nil {
			first = found
		}
	}
	return first
}

func reportOtherCase(rep *report.Reporter, send *chanflow.PkgOp, h lockset.Held, other *lockset.Op, made analysis.RelatedInformation) {
	if rep.Generated(send.Pos) {
		return
	}
	name := send.Name()
	rel := []analysis.RelatedInformation{{Pos: other.Pos(), Message: fmt.Sprintf("the receiving loop takes %s here, in another case of its select", other.Mutex.Name())}}
	if h.Op != nil && h.Op.Pos().IsValid() {
		rel = append(rel, analysis.RelatedInformation{Pos: h.Op.Pos(), Message: fmt.Sprintf("%s is locked here", h.Mutex.Name())})
	}
	rel = append(rel, made)
	rep.Report(analysis.Diagnostic{
		Pos: send.Pos,
		Message: fmt.Sprintf("send on %s while holding %s can block forever: the loop receiving from %s takes %s in another case of its select (line %d) and cannot come back to receive; release %s before sending, or give %s a buffer",
			name, h.Mutex.Name(), name, other.Mutex.Name(), rep.Line(other.Pos()), h.Mutex.Name(), name),
		Related: rel,
	})
}
