package doubleclose

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// Two functions that both close a field: a goroutine of the package closes
// s.done on its way out (`defer close(s.done)`), and another function
// (Stop, the consumer) closes it too, each on every path. Whichever runs
// second panics: the producer and the consumer both closing, or a
// goroutine and its owner both closing after a select.
//
// A goroutine that closes when it leaves through a select case
// (closesAfterSelect) pairs with a close on every path of another function.
//
// Closes under sync.Once (a closure handed to Once.Do), behind a flag or
// the `select { case <-s.done: default: close(s.done) }` idiom are not on
// every path and are left alone, as is a field that is made more than
// once (re-made per run: which channel each close meets is unknown).

// checkFieldCloses reports such pairs over the package's abstract
// channels. A close counts where it is written, and also at each call of
// its function that runs on every path of the caller (s.client.Close()
// called both by the goroutine and by Stop), one call deep.
func (c *checker) checkFieldCloses(model *chanflow.Package, funcs []*ssa.Function) {
	var callers map[*ssa.Function][]ssa.CallInstruction
	for _, a := range model.Chans {
		if a.Escaped() || len(a.Makes) != 1 {
			continue
		}
		var events []closeSite
		for _, op := range a.Ops {
			if op.Kind != chanflow.Close || op.Callback || op.Instr == nil || op.Fn != op.Func() {
				continue
			}
			every := runsOnEveryReturn(op.Instr)
			var sel *ssa.Select
			if !every {
				// A goroutine may close only after a select case, on its
				// way out.
				if len(model.Starts(op.Fn)) == 0 {
					continue
				}
				if sel = closesAfterSelect(model, a, op.Instr); sel == nil {
					continue
				}
			}
			events = append(events, closeSite{fn: op.Fn, pos: op.Pos, name: op.Name(), sel: sel})
			if !every {
				continue
			}
			if callers == nil {
				callers = staticCallers(funcs)
			}
			for _, call := range callers[op.Fn] {
				if call.Parent() == op.Fn {
					continue
				}
				if runsOnEveryReturn(call) {
					events = append(events, closeSite{fn: call.Parent(), pos: call.Pos(), name: op.Name(), via: op.Fn})
				} else if len(model.Starts(call.Parent())) > 0 {
					if sel := closesAfterSelect(model, a, call); sel != nil {
						events = append(events, closeSite{fn: call.Parent(), pos: call.Pos(), name: op.Name(), via: op.Fn, sel: sel})
					}
				}
			}
		}
		if len(events) >= 2 {
			c.checkFieldClosePairs(model, events)
		}
	}
}

// A closeSite is a close of an abstract channel that runs whenever fn
// returns: the close itself, or a call of the function that closes.
type closeSite struct {
	fn   *ssa.Function
	pos  token.Pos
	name string        // the channel as the close spells it
	via  *ssa.Function // the closing function called, when not direct
	// sel is set when the close runs not on every path but whenever a
	// receive case of this select is taken (a goroutine leaving on
	// ctx.Done()); such a close pairs only with one on every path.
	sel *ssa.Select
}

func (e closeSite) what() string {
	if e.via != nil {
		return e.name + " (through " + e.via.Name() + ")"
	}
	return e.name
}

func (c *checker) checkFieldClosePairs(model *chanflow.Package, events []closeSite) {
	for _, g := range events {
		starts := model.Starts(g.fn)
		if len(starts) == 0 {
			continue
		}
		for _, other := range events {
			if other.sel != nil || other.fn == g.fn || other.via == g.fn || g.via == other.fn || !sameOwner(g.fn, other.fn) {
				continue
			}
			if g.sel != nil {
				c.reportField(other.pos, []analysis.RelatedInformation{
					{Pos: g.pos, Message: fmt.Sprintf("%s closes %s here after the select", g.fn.Name(), g.what())},
					{Pos: g.sel.Pos(), Message: "the select"},
					{Pos: starts[0].Pos(), Message: fmt.Sprintf("%s is started here", g.fn.Name())},
				}, "close of %s panics if %s has left through its select at line %d: the goroutine running %s closes it there too (line %d); close it in one place, or guard both with sync.Once",
					other.what(), g.fn.Name(), c.rep.Line(g.sel.Pos()), g.fn.Name(), c.rep.Line(g.pos))
				return
			}
			c.reportField(other.pos, []analysis.RelatedInformation{
				{Pos: g.pos, Message: fmt.Sprintf("%s closes %s here on every path", g.fn.Name(), g.what())},
				{Pos: starts[0].Pos(), Message: fmt.Sprintf("%s is started here", g.fn.Name())},
			}, "close of %s panics once %s has returned: the goroutine running %s closes it too (line %d); close it in one place, or guard both with sync.Once",
				other.what(), g.fn.Name(), g.fn.Name(), c.rep.Line(g.pos))
			return
		}
	}
}

// sameOwner reports whether a and b (or the functions they are literals
// of) are methods of the same named type: the goroutine and the other
// closer then act on one object's life, the usual Start/run/Stop triple.
// Methods of different types may hold different objects' channels.
func sameOwner(a, b *ssa.Function) bool {
	ra, rb := ownerType(a), ownerType(b)
	return ra != nil && ra == rb
}

func ownerType(fn *ssa.Function) *types.TypeName {
	for i := 0; i < 8 && fn.Parent() != nil; i++ {
		fn = fn.Parent()
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if n := typesx.RecvNamed(fn.Signature); n != nil {
		return n.Origin().Obj()
	}
	return nil
}

// staticCallers maps each function of funcs to the calls and defers that
// call it statically.
func staticCallers(funcs []*ssa.Function) map[*ssa.Function][]ssa.CallInstruction {
	m := make(map[*ssa.Function][]ssa.CallInstruction)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch call := instr.(type) {
				case *ssa.Call, *ssa.Defer:
					ci := call.(ssa.CallInstruction)
					if callee := ci.Common().StaticCallee(); callee != nil {
						if o := callee.Origin(); o != nil {
							callee = o
						}
						m[callee] = append(m[callee], ci)
					}
				}
			}
		}
	}
	return m
}

func (c *checker) reportField(pos token.Pos, rel []analysis.RelatedInformation, format string, args ...any) {
	if c.reported[pos] || c.rep.Generated(pos) {
		return
	}
	c.reported[pos] = true
	c.rep.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Related: rel})
}

// runsOnEveryReturn reports whether instr runs whenever its function
// returns normally: a defer that dominates every return, or an
// instruction whose block dominates every return and is in no loop; and
// the function can return.
func runsOnEveryReturn(instr ssa.Instruction) bool {
	fn := instr.Parent()
	if fn == nil || len(fn.Blocks) == 0 {
		return false
	}
	b := instr.Block()
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
	if _, ok := instr.(*ssa.Defer); ok {
		return true
	}
	// A plain close must not sit behind a loop that may never end.
	return cfg.FindLoops(fn).Innermost(b) == nil
}

// closesAfterSelect returns the select whose receive case (on another
// channel than a's) leads to instr on every path to a return, instr
// running at most once: the goroutine closes when it leaves on that case
// (ctx.Done(), a stop channel, an error). A case on a itself is the
// `case <-s.done:` guard, and a default case the select idiom: neither
// counts. It returns nil when there is none.
func closesAfterSelect(model *chanflow.Package, a *chanflow.Abstract, instr ssa.Instruction) *ssa.Select {
	fn, b := instr.Parent(), instr.Block()
	if fn == nil || b == nil || cfg.PathExists(instr, func(i ssa.Instruction) bool { return i == instr }, nil) {
		return nil
	}
	for _, sb := range fn.Blocks {
		for _, x := range sb.Instrs {
			sel, ok := x.(*ssa.Select)
			if !ok {
				continue
			}
			for i, st := range sel.States {
				if st.Dir != types.RecvOnly || model.AbstractOf(st.Chan) == a {
					continue
				}
				entry := chanflow.CaseEntry(sel, i)
				if entry == nil || len(entry.Instrs) == 0 || !entry.Dominates(b) {
					continue
				}
				if first := entry.Instrs[0]; first != instr && (cfg.IsReturn(first) ||
					cfg.PathExists(first, cfg.IsReturn, func(i ssa.Instruction) bool { return i == instr })) {
					continue // a path of the case returns without closing
				}
				return sel
			}
		}
	}
	return nil
}
