package chanflow

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// maxDepth bounds how many calls deep a walk follows a channel.
const maxDepth = 4

// walker collects the aliases, ops and escapes of one channel.
type walker struct {
	r    *Result
	c    *Chan
	root *ssa.Function

	seen   map[visitKey]bool
	phis   []*ssa.Phi
	stores []*ssa.Store
	cells  map[ssa.Value]bool
	opSeen map[opKey]bool
}

type visitKey struct {
	v     ssa.Value
	site  ssa.Instruction
	g     *ssa.Go
	gcall *ssa.Call
	def   bool
}

type opKey struct {
	instr ssa.Instruction
	kind  Kind
	cas   int
	site  ssa.Instruction
}

// ctx says where the function being walked runs, relative to the root.
type ctx struct {
	fn       *ssa.Function
	site     ssa.Instruction // the root's instruction leading here; nil in the root
	g        *ssa.Go
	gcall    *ssa.Call // the spawning call (wg.Go, g.Go) when it comes before any go statement
	spawned  bool
	deferred bool
	repeats  bool
	// callback is set inside a closure handed to code we cannot see: its
	// ops go to Chan.Callbacks.
	callback bool
	depth    int
}

func (r *Result) walkRoot(fn *ssa.Function, c *Chan) {
	w := &walker{
		r:      r,
		c:      c,
		root:   fn,
		seen:   make(map[visitKey]bool),
		cells:  make(map[ssa.Value]bool),
		opSeen: make(map[opKey]bool),
	}
	c.aliasSet = make(map[ssa.Value]bool)
	w.value(c.Root, ctx{fn: fn})
	w.finish()
}

// finish turns merges and reassignments that are not certainly this
// channel into escapes: after them, the variable may hold another channel.
func (w *walker) finish() {
	for _, phi := range w.phis {
		for _, e := range phi.Edges {
			if !w.c.aliasSet[e] {
				w.escape(phi, phi.Pos(), "merged with another value")
				break
			}
		}
	}
	for _, st := range w.stores {
		if !w.c.aliasSet[st.Val] {
			w.escape(st, st.Pos(), "its variable is reassigned")
		}
	}
}

func (w *walker) escape(instr ssa.Instruction, pos token.Pos, why string) {
	if !pos.IsValid() && instr != nil {
		pos = instr.Pos()
	}
	w.c.Escapes = append(w.c.Escapes, Escape{Instr: instr, Pos: pos, Why: why})
}

func (w *walker) cycles(b *ssa.BasicBlock) bool {
	return w.r.cycles.InCycle(b)
}

func (w *walker) addOp(op *Op, cx ctx) {
	if op.Site == nil {
		op.Site = op.Instr
	}
	k := opKey{op.Instr, op.Kind, op.Case, op.Site}
	if op.Instr != nil {
		if w.opSeen[k] {
			return
		}
		w.opSeen[k] = true
	}
	op.Go = cx.g
	op.SpawnCall = cx.gcall
	op.Spawned = op.Spawned || cx.spawned
	op.Deferred = cx.deferred
	op.Repeats = op.Repeats || cx.repeats || (cx.site != nil && op.Instr != nil && w.cycles(op.Instr.Block()))
	op.SiteRepeats = op.Site != nil && op.Site.Block() != nil && w.cycles(op.Site.Block())
	if cx.fn != w.root && op.Callee == nil {
		op.Callee = cx.fn
	}
	if cx.callback {
		w.c.Callbacks = append(w.c.Callbacks, op)
		return
	}
	w.c.Ops = append(w.c.Ops, op)
}

// value walks the uses of v, which holds the channel.
func (w *walker) value(v ssa.Value, cx ctx) {
	k := visitKey{v, cx.site, cx.g, cx.gcall, cx.deferred}
	if w.seen[k] {
		return
	}
	w.seen[k] = true
	if !w.c.aliasSet[v] {
		w.c.aliasSet[v] = true
		w.c.Aliases = append(w.c.Aliases, v)
	}
	for _, instr := range ssax.Referrers(v) {
		switch instr := instr.(type) {
		case *ssa.Send:
			if instr.Chan == v {
				w.addOp(&Op{Kind: Send, Instr: instr, Pos: instr.Pos(), Value: v, Site: cx.site}, cx)
			}
			if instr.X == v {
				w.escape(instr, instr.Pos(), "sent on a channel")
			}
		case *ssa.UnOp:
			if instr.Op == token.ARROW {
				kind := Recv
				if instr.CommaOk && instr.Block().Comment == "rangechan.loop" {
					kind = Range
				}
				w.addOp(&Op{Kind: kind, Instr: instr, Pos: instr.Pos(), Value: v, Site: cx.site}, cx)
			} else {
				w.escape(instr, instr.Pos(), "used by "+instr.String())
			}
		case *ssa.Select:
			guarded := !instr.Blocking || len(instr.States) > 1
			for i, st := range instr.States {
				if st.Chan == v {
					kind := SelectRecv
					if st.Dir == types.SendOnly {
						kind = SelectSend
					}
					w.addOp(&Op{Kind: kind, Instr: instr, Pos: st.Pos, Value: v, Select: instr, Case: i, Guarded: guarded, Site: cx.site}, cx)
				}
				if st.Send == v {
					w.escape(instr, st.Pos, "sent on a channel")
				}
			}
		case *ssa.Phi:
			w.phis = append(w.phis, instr)
			w.value(instr, cx)
		case *ssa.ChangeType:
			w.value(instr, cx)
		case *ssa.Convert:
			w.value(instr, cx)
		case *ssa.MultiConvert:
			w.value(instr, cx)
		case *ssa.MakeInterface:
			w.escape(instr, instr.Pos(), "converted to an interface")
		case *ssa.Store:
			if instr.Val != v {
				break
			}
			switch addr := instr.Addr.(type) {
			case *ssa.Alloc:
				w.stores = append(w.stores, instr)
				w.cell(addr, cx)
			default:
				if w.cells[addr] {
					w.stores = append(w.stores, instr)
				} else {
					w.escape(instr, instr.Pos(), "stored in memory")
				}
			}
		case *ssa.MapUpdate:
			w.escape(instr, instr.Pos(), "stored in a map")
		case *ssa.Return:
			if cx.fn == w.root && cx.site == nil {
				w.escape(instr, instr.Pos(), "returned")
			} else {
				w.escape(instr, instr.Pos(), "returned by a callee")
			}
		case *ssa.MakeClosure:
			w.closure(instr, v, false, cx)
		case ssa.CallInstruction:
			w.call(instr, v, cx)
		case *ssa.DebugRef, *ssa.BinOp, *ssa.If:
			// Comparisons and debug info do not use the channel.
		default:
			w.escape(instr, instr.Pos(), "used by "+instr.String())
		}
	}
}

// cell walks the uses of a local variable (an Alloc, or a closure's free
// variable bound to one) that holds the channel.
func (w *walker) cell(a ssa.Value, cx ctx) {
	k := visitKey{a, cx.site, cx.g, cx.gcall, cx.deferred}
	if w.seen[k] {
		return
	}
	w.seen[k] = true
	w.cells[a] = true
	if !w.c.aliasSet[a] {
		// The cell is recorded as an alias so that Name finds the variable;
		// IsAlias on a pointer value is never asked for a channel.
		w.c.aliasSet[a] = true
		w.c.Aliases = append(w.c.Aliases, a)
	}
	for _, instr := range ssax.Referrers(a) {
		switch instr := instr.(type) {
		case *ssa.Store:
			if instr.Addr == a {
				w.stores = append(w.stores, instr)
			} else {
				w.escape(instr, instr.Pos(), "its address is stored")
			}
		case *ssa.UnOp:
			if instr.Op == token.MUL {
				w.value(instr, cx)
			} else {
				w.escape(instr, instr.Pos(), "its address is used")
			}
		case *ssa.MakeClosure:
			w.closure(instr, a, true, cx)
		case *ssa.DebugRef:
		default:
			w.escape(instr, instr.Pos(), "its address is taken")
		}
	}
}

// closure follows the channel (or its cell) into the free variables of the
// closure mc binds it to, in the context of each call of the closure.
func (w *walker) closure(mc *ssa.MakeClosure, v ssa.Value, isCell bool, cx ctx) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		w.escape(mc, mc.Pos(), "captured by a closure")
		return
	}
	var fvs []*ssa.FreeVar
	for i, b := range mc.Bindings {
		if b == v && i < len(fn.FreeVars) {
			fvs = append(fvs, fn.FreeVars[i])
		}
	}
	if len(fvs) == 0 {
		return
	}
	for _, use := range ssax.Referrers(mc) {
		if sc, ok := use.(*ssa.Call); ok && spawnsArg(sc, mc) {
			// wg.Go(func() { ... }), g.Go(func() error { ... }): the
			// closure runs on a new goroutine, as with a go statement.
			inner, ok := w.enter(sc, fn, cx)
			if !ok {
				continue
			}
			w.freeVars(fvs, isCell, inner)
			continue
		}
		call, ok := use.(ssa.CallInstruction)
		if !ok || call.Common().Value != mc {
			if _, dbg := use.(*ssa.DebugRef); dbg {
				continue
			}
			w.c.Escapes = append(w.c.Escapes, Escape{Instr: use, Pos: use.Pos(), Why: "captured by a function value passed on", Callback: fn})
			w.callback(use, fn, fvs, isCell, cx)
			continue
		}
		inner, ok := w.enter(call, fn, cx)
		if !ok {
			continue
		}
		w.freeVars(fvs, isCell, inner)
	}
}

// freeVars follows the channel into a closure through its free variables
// fvs: cells (captured variables) or the values themselves.
func (w *walker) freeVars(fvs []*ssa.FreeVar, isCell bool, inner ctx) {
	for _, fv := range fvs {
		if isCell {
			w.cell(fv, inner)
		} else {
			w.value(fv, inner)
		}
	}
}

// callback walks the free variables of closure fn, handed by use to code we
// cannot see, recording its ops in Chan.Callbacks: they may run any number
// of times, in any goroutine, at any time.
func (w *walker) callback(use ssa.Instruction, fn *ssa.Function, fvs []*ssa.FreeVar, isCell bool, cx ctx) {
	if cx.depth >= maxDepth {
		return
	}
	inner := ctx{fn: fn, site: cx.site, g: cx.g, gcall: cx.gcall, spawned: true, repeats: true, callback: true, depth: cx.depth + 1}
	if inner.site == nil {
		inner.site = use
	}
	for _, fv := range fvs {
		if isCell {
			w.cell(fv, inner)
		} else {
			w.value(fv, inner)
		}
	}
}

// enter returns the context of callee called by call in context cx.
func (w *walker) enter(call ssa.CallInstruction, callee *ssa.Function, cx ctx) (ctx, bool) {
	if cx.depth >= maxDepth {
		w.escape(call, call.Pos(), "followed too deep")
		return ctx{}, false
	}
	inner := ctx{
		fn:       callee,
		site:     cx.site,
		g:        cx.g,
		gcall:    cx.gcall,
		spawned:  cx.spawned,
		deferred: cx.deferred,
		repeats:  cx.repeats,
		callback: cx.callback,
		depth:    cx.depth + 1,
	}
	if inner.site == nil {
		inner.site = call
	} else if w.cycles(call.Block()) {
		inner.repeats = true
	}
	switch call := call.(type) {
	case *ssa.Go:
		if inner.g == nil && inner.gcall == nil {
			inner.g = call
		}
		inner.spawned = true
	case *ssa.Defer:
		inner.deferred = true
	case *ssa.Call:
		if _, _, ok := Spawner(call); ok && callee != call.Common().StaticCallee() {
			// The function argument of a spawning call, not the spawner.
			if inner.g == nil && inner.gcall == nil {
				inner.gcall = call
			}
			inner.spawned = true
		}
	}
	return inner, true
}

// call follows the channel v into a call that takes it as an argument.
func (w *walker) call(call ssa.CallInstruction, v ssa.Value, cx ctx) {
	common := call.Common()
	if common.Value == v {
		w.escape(call, call.Pos(), "used as a function")
		return
	}
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close":
			w.addOp(&Op{Kind: Close, Instr: call, Pos: call.Pos(), Value: v, Site: cx.site}, w.builtinCtx(call, cx))
		case "len":
			w.addOp(&Op{Kind: Len, Instr: call, Pos: call.Pos(), Value: v, Site: cx.site}, w.builtinCtx(call, cx))
		case "cap":
			w.addOp(&Op{Kind: Cap, Instr: call, Pos: call.Pos(), Value: v, Site: cx.site}, w.builtinCtx(call, cx))
		case "print", "println":
		default:
			w.escape(call, call.Pos(), "passed to "+b.Name())
		}
		return
	}
	if common.IsInvoke() {
		w.escape(call, call.Pos(), "passed to an interface method")
		return
	}
	callee := common.StaticCallee()
	if callee == nil {
		w.escape(call, call.Pos(), "passed to a dynamic call")
		return
	}
	body := callee
	if body.Blocks == nil && body.Origin() != nil {
		body = body.Origin()
	}
	for i, arg := range common.Args {
		if arg != v {
			continue
		}
		if body.Blocks != nil && body.Pkg == w.r.pkg && i < len(body.Params) {
			inner, ok := w.enter(call, body, cx)
			if ok {
				w.value(body.Params[i], inner)
			}
			continue
		}
		eff, known := w.r.effectOf(callee, i)
		if !known {
			w.escape(call, call.Pos(), "passed to "+callee.String())
			continue
		}
		w.summaryOps(call, callee, v, eff, cx)
	}
}

// builtinCtx is the context of a builtin called by call: a go or defer of
// close(ch) runs it in another goroutine or at the return.
func (w *walker) builtinCtx(call ssa.CallInstruction, cx ctx) ctx {
	switch call := call.(type) {
	case *ssa.Go:
		cx.spawned = true
		if cx.g == nil {
			cx.g = call
		}
	case *ssa.Defer:
		cx.deferred = true
	}
	return cx
}

// effectOps says which op each effect bit of a callee summary stands for.
var effectOps = []struct {
	effect           Effect
	kind             Kind
	spawned, guarded bool
}{
	{Sends, Send, false, false},
	{SendsGuarded, SelectSend, false, true},
	{Recvs, Recv, false, false},
	{Closes, Close, false, false},
	{SendsInGo, Send, true, false},
	{SendsGuardedInGo, SelectSend, true, true},
	{RecvsInGo, Recv, true, false},
	{ClosesInGo, Close, true, false},
}

// summaryOps adds the ops a summarised callee performs on its argument.
func (w *walker) summaryOps(call ssa.CallInstruction, callee *ssa.Function, v ssa.Value, eff Effect, cx ctx) {
	inner, ok := w.enter(call, callee, cx)
	if !ok {
		return
	}
	if eff&Escapes != 0 {
		w.escape(call, call.Pos(), "kept by "+callee.String())
	}
	for _, e := range effectOps {
		if eff&e.effect != 0 {
			op := &Op{Kind: e.kind, Pos: call.Pos(), Value: v, Site: inner.site, Callee: callee, Guarded: e.guarded,
				Spawned: e.spawned, Repeats: eff&Repeats != 0}
			w.addOp(op, inner)
		}
	}
}
