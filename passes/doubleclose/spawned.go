package doubleclose

import (
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/report"
)

// A deferred close runs when the function returns, whether or not the
// goroutines it started are done with the channel. On an unbuffered
// channel a goroutine's send completes only when someone receives it: if
// the function can return without receiving, the goroutine sends after the
// deferred close, and panics (gohan #581: `defer close(errChan)` and a
// select that gives up on time.After).

// checkSpawnedSendAfterDeferredClose reports a goroutine started by fn
// that sends on ch, unbuffered and made by fn, on every path, when fn has
// deferred close(ch) before starting it and can return without receiving
// from ch after starting it.
func (c *checker) checkSpawnedSendAfterDeferredClose(fn *ssa.Function, ch *chanflow.Chan) {
	if ch.Make == nil || ch.Cap != 0 || ch.Escaped() || len(ch.Callbacks) > 0 {
		return // someone else may receive, or the buffer may take the send
	}
	var deferred []*chanflow.Op
	var sends []*chanflow.Op
	var recvAt []ssa.Instruction
	for _, op := range ch.Ops {
		switch {
		case op.Kind.IsRecv() && (op.Spawned || op.Deferred):
			return // another goroutine, or the deferred code, receives
		case op.Kind.IsRecv():
			p := chanflow.ReceivePoint(op)
			if p == nil {
				return
			}
			recvAt = append(recvAt, p)
		case op.Kind == chanflow.Close && op.Deferred && !op.Spawned:
			if _, ok := op.Site.(*ssa.Defer); ok && op.Instr == op.Site {
				deferred = append(deferred, op)
			}
		case op.Kind == chanflow.Close:
			return // closed elsewhere too: the other checks judge it
		case op.Kind.IsSend() && op.Spawned && !op.Guarded && op.Go != nil && op.Go == op.Site && op.Instr != nil:
			sends = append(sends, op)
		}
	}
	if len(deferred) == 0 || len(sends) == 0 {
		return
	}
	isRecv := func(i ssa.Instruction) bool {
		for _, r := range recvAt {
			if r == i {
				return true
			}
		}
		return false
	}
	for _, d := range deferred {
		for _, s := range sends {
			if !cfg.Precedes(d.Site, s.Site) || !sendsOnEveryPath(s) {
				continue
			}
			q := cfg.Query{
				Target: cfg.IsReturn,
				Avoid:  func(i ssa.Instruction) bool { return isRecv(i) || noReturn(i) },
			}
			ret := q.At(s.Site.Block(), cfg.Index(s.Site)+1)
			if ret == nil {
				continue
			}
			pos := s.Pos
			if !cfg.Encloses(fn, s.Instr) {
				pos = s.Site.Pos()
			}
			name := c.chanName(ch)
			at := "returns"
			if ret.Pos().IsValid() {
				at = "returns at line " + strconv.Itoa(c.rep.Line(ret.Pos()))
			}
			rel := []analysis.RelatedInformation{
				report.Related(d.Site.Pos(), "the deferred close of "+name),
				report.Related(s.Site.Pos(), "the goroutine that sends on "+name),
				report.Related(ret.Pos(), "the function returns here without receiving"),
			}
			c.reportf(pos, rel, "send on %s panics once the function %s without receiving from it: the deferred close at line %d closes %s before this goroutine (started at line %d) can send; do not close %s there, or receive from it on every path",
				name, at, c.rep.Line(d.Site.Pos()), name, c.rep.Line(s.Site.Pos()), name)
			return
		}
	}
}

// sendsOnEveryPath reports whether the goroutine started by op's go
// statement sends (op) on every path by which it returns, and can return:
// the send is in the started function itself.
func sendsOnEveryPath(op *chanflow.Op) bool {
	started := chanflow.StartedFunction(op.Go)
	if started == nil || op.Instr.Parent() != started || !hasReturn(started) {
		return false
	}
	send := op.Instr
	return cfg.OnEveryReturn(started, func(i ssa.Instruction) bool { return i == send })
}
