package doubleclose

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// check reports the double closes of x, and its sends after a close.
// Every question is "is there a path from this site to that one that does
// not re-point the channel and takes no branch that may be a guard?" (see
// mayRepeat), asked with one linear search.
func (c *checker) check(x *channel) {
	for _, b := range x.closes {
		switch {
		case b.immediate():
			c.checkImmediate(x, b)
		case b.deferred && b.g == nil:
			c.checkDeferred(x, b)
		case b.g != nil:
			c.checkGoroutine(x, b)
		}
	}
	c.checkSends(x)
}

// checkImmediate reports a close b that runs in its function's goroutine after
// another close of x, or again in a loop.
func (c *checker) checkImmediate(x *channel, b *closeEvent) {
	for _, a := range x.closes {
		if a != b && a.immediate() && c.path(x, a.site, b.site) {
			c.reportf(b.pos, firstClose(x, a), "close of %s panics: %s is already closed at line %d on this path; close it in one place, or guard the close with sync.Once",
				x.name, x.name, c.rep.Line(a.pos))
			return
		}
	}
	for _, a := range x.closes {
		if a.deferred && a.g == nil && c.path(x, a.site, b.site) && c.pathToReturn(b.site) {
			c.reportf(b.pos, related(a.pos, "the deferred close of "+x.name), "%s is closed here and again by the deferred close at line %d when the function returns, which panics; drop one of the two closes",
				x.name, c.rep.Line(a.pos))
			return
		}
	}
	if a := c.closingGoroutine(x, b); a != nil {
		c.reportf(b.pos, otherGoroutine(x, a), "close of %s panics: %s is also closed by the goroutine started at line %d; let one side own the close",
			x.name, x.name, c.rep.Line(a.g.Pos()))
		return
	}
	if c.path(x, b.site, b.site) {
		where, loop := c.loopAt(b.site)
		c.reportf(b.pos, related(loop, "the loop"), "close of %s %s runs again on the next iteration and panics; return or break after closing, or close it once after the loop",
			x.name, where)
	}
}

// checkDeferred reports a deferred close b when x is also closed on a path
// that reaches the return where b runs.
func (c *checker) checkDeferred(x *channel, b *closeEvent) {
	if !c.pathToReturn(b.site) {
		return
	}
	for _, a := range x.closes {
		if a.immediate() && c.path(x, a.site, b.site) {
			c.reportf(b.pos, firstClose(x, a), "deferred close of %s panics when the function returns: %s is already closed at line %d; drop one of the two closes",
				x.name, x.name, c.rep.Line(a.pos))
			return
		}
	}
	for _, a := range x.closes {
		if a != b && a.deferred && a.g == nil && c.path(x, a.site, b.site) {
			c.reportf(b.pos, related(a.pos, "the other deferred close of "+x.name), "deferred close of %s panics when the function returns: %s is also closed by the deferred close at line %d; drop one of the two closes",
				x.name, x.name, c.rep.Line(a.pos))
			return
		}
	}
	if a := c.closingGoroutine(x, b); a != nil {
		c.reportf(b.pos, otherGoroutine(x, a), "deferred close of %s panics: %s is also closed by the goroutine started at line %d; let one side own the close",
			x.name, x.name, c.rep.Line(a.g.Pos()))
		return
	}
}

// closingGoroutine returns a close of x in a goroutine that may run before
// or after close b, or nil.
func (c *checker) closingGoroutine(x *channel, b *closeEvent) *closeEvent {
	for _, a := range x.closes {
		if a.g != nil && (c.path(x, a.site, b.site) || c.path(x, b.site, a.site)) {
			return a
		}
	}
	return nil
}

// checkGoroutine reports a close in a goroutine that is started again (a
// go statement in a loop) or next to another goroutine that closes x.
func (c *checker) checkGoroutine(x *channel, b *closeEvent) {
	for _, a := range x.closes {
		if a.g != nil && a.g != b.g && c.path(x, a.g, b.g) {
			c.reportf(b.pos, otherGoroutine(x, a), "close of %s panics: %s is also closed by the goroutine started at line %d; close it once, after every goroutine is done (e.g. after wg.Wait())",
				x.name, x.name, c.rep.Line(a.g.Pos()))
			return
		}
	}
	if c.path(x, b.g, b.g) {
		c.reportf(b.pos, related(b.g.Pos(), "the go statement in the loop"), "close of %s runs in every goroutine started at line %d in a loop: the second goroutine to close it panics; close it once, after every goroutine is done (e.g. after wg.Wait())",
			x.name, c.rep.Line(b.g.Pos()))
	}
}

// checkSends reports a send on x after x is closed on the same path.
func (c *checker) checkSends(x *channel) {
	for _, s := range x.sends {
		for _, a := range x.closes {
			// Within one pass of the loop only: a send on a later pass
			// follows a close that can run again, reported at the close.
			if a.immediate() && c.pathNoWrap(x, a.site, s.instr) {
				c.reportf(s.pos, firstClose(x, a), "send on %s panics: %s is already closed at line %d on this path; send before closing, or let the sender close it",
					x.name, x.name, c.rep.Line(a.pos))
				break
			}
		}
	}
}

// firstClose points at close a of x, which runs before the one reported.
func firstClose(x *channel, a *closeEvent) []analysis.RelatedInformation {
	return related(a.pos, x.name+" is first closed here")
}

// otherGoroutine points at the go statement of a goroutine that also
// closes x.
func otherGoroutine(x *channel, a *closeEvent) []analysis.RelatedInformation {
	return related(a.g.Pos(), "this goroutine also closes "+x.name)
}

func related(pos token.Pos, message string) []analysis.RelatedInformation {
	return []analysis.RelatedInformation{report.Related(pos, message)}
}

func (c *checker) reportf(pos token.Pos, rel []analysis.RelatedInformation, format string, args ...any) {
	if c.reported[pos] {
		return
	}
	c.reported[pos] = true
	for i := range rel {
		rel[i].Pos = c.src.CallStart(rel[i].Pos)
	}
	c.rep.ReportRelatedf(c.src.CallStart(pos), rel, format, args...)
}

// path reports whether some path runs from (just after) from to to without
// re-pointing x and without taking a branch that may be a guard.
//
// A path that goes round a loop holding from (from's loop iterates again)
// counts only if from itself can run again: a close under a guard in a
// loop (`if i == len(xs)-1 { close(out) }`) says nothing about whether the
// loop goes on afterwards, as its guard and the loop's test are often the
// same fact seen twice.
func (c *checker) path(x *channel, from, to ssa.Instruction) bool {
	target := func(i ssa.Instruction) bool { return i == to }
	loop := c.loopsOf(from.Parent()).Innermost(from.Block())
	if loop == nil || from == to {
		return cfg.PathExistsVia(from, target, x.kill, c.follow(x, nil))
	}
	if cfg.PathExistsVia(from, target, x.kill, c.follow(x, loop)) {
		return true
	}
	return cfg.PathExistsVia(from, func(i ssa.Instruction) bool { return i == from }, x.kill, c.follow(x, nil)) &&
		cfg.PathExistsVia(from, target, x.kill, c.follow(x, nil))
}

// pathNoWrap is path without going round a loop that holds from.
func (c *checker) pathNoWrap(x *channel, from, to ssa.Instruction) bool {
	loop := c.loopsOf(from.Parent()).Innermost(from.Block())
	return cfg.PathExistsVia(from, func(i ssa.Instruction) bool { return i == to }, x.kill, c.follow(x, loop))
}

// follow returns the edge filter of path: mayRepeat, and, when within is
// set, no back edge of within or of a loop around it.
func (c *checker) follow(x *channel, within *cfg.Loop) func(b *ssa.BasicBlock, succ int) bool {
	return func(b *ssa.BasicBlock, succ int) bool {
		if within != nil {
			to := b.Succs[succ]
			for l := within; l != nil; l = l.Parent {
				if to == l.Header && l.Contains(b) {
					return false
				}
			}
		}
		return c.mayRepeat(x, b, succ)
	}
}

func (c *checker) loopsOf(fn *ssa.Function) *cfg.Loops {
	ls := c.loops[fn]
	if ls == nil {
		ls = cfg.FindLoops(fn)
		c.loops[fn] = ls
	}
	return ls
}

// pathToReturn reports whether the function can return normally after
// from, running its deferred calls.
func (c *checker) pathToReturn(from ssa.Instruction) bool {
	return cfg.PathExistsVia(from, cfg.IsReturn, noReturn, nil)
}

// mayRepeat reports whether the branch from b to its successor succ can be
// taken by a path that closes x twice: whether the condition deciding it is
// one that a close does not turn off. Branches that may be guards block the
// path: a flag or state field, a counter compared for equality, a call, a
// select or receive on x itself. Branches that do not: a loop bound
// (i < n), a range's "more elements" test, `err != nil`, a receive's !ok
// (a closed channel stays closed), and the select cases that fire again
// (see caseFiresAgain).
func (c *checker) mayRepeat(x *channel, b *ssa.BasicBlock, succ int) bool {
	if len(b.Instrs) == 0 {
		return true
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return true
	}
	cond, onTrue := iff.Cond, succ == 0
	for i := 0; i < 4; i++ {
		u, ok := cond.(*ssa.UnOp)
		if !ok || u.Op != token.NOT {
			break
		}
		cond, onTrue = u.X, !onTrue
	}
	switch cond := cond.(type) {
	case *ssa.Parameter:
		return true // an option of the caller's, not a flag the close sets
	case *ssa.BinOp:
		if sel, k, ok := selectIndexTest(cond); ok {
			if selectsOn(x, sel) {
				return false // select { case <-ch: default: close(ch) }
			}
			if !onTrue {
				return true // another case, or the default: judged by their own tests
			}
			return c.caseFiresAgain(b.Parent(), sel, k)
		}
		switch cond.Op {
		case token.LSS, token.LEQ, token.GTR, token.GEQ:
			// A loop's bound (i < n), a size test outside loops, or a
			// threshold on fresh data (`if n >= limit`), which stays true.
			// A counter of the loop (a phi) is different: `if i >= n-1
			// { close(ch) }` may be a last-pass test.
			if !isNumber(cond.X.Type()) {
				return false
			}
			return c.exitTestOrStraight(b) || (!isPhi(cond.X) && !isPhi(cond.Y))
		case token.EQL, token.NEQ:
			return isErrNilTest(cond) || isFreshNilTest(cond)
		}
	case *ssa.Extract:
		switch t := cond.Tuple.(type) {
		case *ssa.UnOp: // v, ok := <-in: once in is closed, !ok holds for good
			_, repointed := t.X.(*ssa.Phi) // e.g. in = nil after it closed
			return cond.Index == 1 && t.Op == token.ARROW && !x.is(t.X) && !repointed
		case *ssa.Select: // case v, ok := <-in
			return cond.Index == 1 && !selectsOn(x, t)
		case *ssa.TypeAssert: // a type switch or v, ok := x.(T): data
			return cond.Index == 1
		case *ssa.Next: // the ok of a range over a map or string
			return cond.Index == 0
		}
	}
	return false
}

// exitTestOrStraight reports whether b is in no loop, or ends with the
// test that leaves its innermost loop.
func (c *checker) exitTestOrStraight(b *ssa.BasicBlock) bool {
	l := c.loopsOf(b.Parent()).Innermost(b)
	if l == nil {
		return true
	}
	for _, s := range b.Succs {
		if !l.Contains(s) {
			return true
		}
	}
	return false
}

// selectsOn reports whether sel has a case on x.
func selectsOn(x *channel, sel *ssa.Select) bool {
	for _, st := range sel.States {
		if x.is(st.Chan) {
			return true
		}
	}
	return false
}

// testsRecvOk reports whether sel is a select whose receive
// cases report ok (`case v, ok := <-in`), and whose code tests it: once in
// is closed, that case fires again at once on every pass.
func testsRecvOk(sel *ssa.Select) bool {
	for _, r := range ssax.Referrers(sel) {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == 1 {
			for _, u := range ssax.Referrers(ex) {
				if _, dbg := u.(*ssa.DebugRef); !dbg {
					return true
				}
			}
		}
	}
	return false
}

// selectIndexTest matches `idx == k`, where idx is the chosen index of a
// select, and returns the select and k.
func selectIndexTest(cond *ssa.BinOp) (*ssa.Select, int, bool) {
	if cond.Op != token.EQL {
		return nil, 0, false
	}
	ex, ok := cond.X.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return nil, 0, false
	}
	sel, ok := ex.Tuple.(*ssa.Select)
	if !ok {
		return nil, 0, false
	}
	k, ok := cond.Y.(*ssa.Const)
	if !ok || k.Value == nil {
		return nil, 0, false
	}
	n, ok := constantInt(k)
	if !ok || n < 0 || n >= int64(len(sel.States)) {
		return nil, 0, false
	}
	return sel, int(n), true
}

// caseFiresAgain reports whether the select case st, once chosen, can be
// chosen again on a later iteration: a receive from a context's Done
// channel, a timer or ticker, or a signal channel (chan struct{}, which is
// closed rather than sent on) that the loop does not set to nil. A receive
// from a channel of values may deliver only one value by design.
func (c *checker) caseFiresAgain(fn *ssa.Function, sel *ssa.Select, k int) bool {
	st := sel.States[k]
	if st.Dir != types.RecvOnly {
		return false
	}
	v := st.Chan
	for i := 0; i < 4; i++ {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			break
		}
		v = ct.X
	}
	if _, ok := v.(*ssa.Phi); ok {
		return false // re-pointed in the loop, e.g. set to nil once it fired
	}
	if testsRecvOk(sel) {
		return true // case v, ok := <-in: a closed in fires again with !ok
	}
	switch v := v.(type) {
	case *ssa.Call:
		if isDoneCall(v) || isTimerCall(v) {
			return true
		}
	case *ssa.UnOp:
		if isTimerField(v) {
			return true
		}
		if loc, ok := chanflow.LocationOf(v); ok && c.storedIn(fn, loc) {
			return false // e.g. s.stop = nil after it fired
		}
	}
	return isSignalChan(v.Type())
}
