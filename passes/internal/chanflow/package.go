package chanflow

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// The package model: channels with an identity beyond one function.
//
// A Chan is a channel rooted in one function. Real servers keep their
// channels in struct fields (s.stopc, c.results) and package variables,
// made in a constructor, sent on in one method and received from in
// another method's loop running on a goroutine started elsewhere. Result.Package
// gives those channels one identity each, an Abstract, and collects their
// operations over every function of the package:
//
//   - one Abstract per unexported field of a struct type declared in this
//     package (for generic types, the field of the origin type), and one per
//     unexported package-level variable, of channel type. Code outside the
//     package cannot name them, so every store and every load is visible
//     here, unless the channel itself is handed out;
//   - Abstract.Makes and NilStores are the stores into it; any other store
//     (a channel from a parameter, another field, a merge) is an escape:
//     the channel may come from, and be used by, code we cannot see;
//   - Abstract.Ops are the operations on the loaded value, followed by
//     chanflow's walker into same-package callees, closures and summarised
//     callees of other packages (facts), each with the function it is
//     loaded in (PkgOp.Fn) and the function that performs it (PkgOp.Func);
//   - Abstract.Escapes: why code we cannot see may use the channel: the
//     address of the field is taken, the loaded value escapes in chanflow's
//     sense. A value returned as a receive-only channel (`Done() <-chan
//     struct{}`) is an escape only for receiving: it is recorded in
//     RecvEscapes, and code we cannot see can neither send on it nor close
//     it.
//
// Package also knows which functions run on a goroutine of their own and
// where that goroutine is started (Starts), and the loops of every function
// (Loops), computed once.

// An Abstract is a channel identified by the field or the package variable
// that holds it.
type Abstract struct {
	Field  *types.Var  // the struct field (origin), or nil
	Global *ssa.Global // the package variable, or nil
	// Owner is the named struct type that declares Field, when known.
	Owner *types.Named

	Makes     []*ssa.Store // stores of make(chan T, n)
	NilStores []*ssa.Store // stores of nil
	// Cap is the buffer size shared by every make, -1 when not a constant
	// or when makes disagree.
	Cap int64

	Ops         []*PkgOp
	Escapes     []Escape
	RecvEscapes []Escape

	opSeen map[opKey]bool
	pos    token.Pos
}

// A PkgOp is one operation on an abstract channel.
type PkgOp struct {
	*Op
	Fn   *ssa.Function // the function that loads the channel
	Load ssa.Value     // the load
	// Callback is set for ops of a closure handed to code we cannot see:
	// it may run at any time, any number of times, or never.
	Callback bool
}

// Func returns the function that contains the op's instruction.
func (o *PkgOp) Func() *ssa.Function {
	if o.Callee != nil && o.Instr != nil {
		return o.Callee
	}
	return o.Fn
}

// Name renders the channel as the op's code spells it: s.done, stopc.
func (o *PkgOp) Name() string {
	if loc, ok := LocationOf(o.Load); ok {
		return loc.Name()
	}
	if f, ok := o.Load.(*ssa.Field); ok {
		if st, ok := f.X.Type().Underlying().(*types.Struct); ok && f.Field < st.NumFields() {
			return st.Field(f.Field).Name()
		}
	}
	return "channel"
}

// Name renders the abstract channel: the field as Type.field, or the
// variable.
func (a *Abstract) Name() string {
	if a.Global != nil {
		return a.Global.Name()
	}
	return a.Field.Name()
}

// Escaped reports whether code we cannot see may use the channel in any
// way.
func (a *Abstract) Escaped() bool { return len(a.Escapes) > 0 }

// Visible reports whether every operation that can send on or close the
// channel is in Ops: nothing escapes except as a receive-only channel.
func (a *Abstract) Visible() bool { return len(a.Escapes) == 0 }

// Has reports whether some op satisfies pred.
func (a *Abstract) Has(pred func(*PkgOp) bool) bool {
	for _, op := range a.Ops {
		if pred(op) {
			return true
		}
	}
	return false
}

// Package is the package model.
type Package struct {
	Chans    []*Abstract
	byField  map[*types.Var]*Abstract
	byGlobal map[*ssa.Global]*Abstract
	starts   map[*ssa.Function][]ssa.Instruction
	loops    map[*ssa.Function]*cfg.Loops
	pkg      *ssa.Package
}

// Package returns the package model, computed once.
func (r *Result) Package() *Package {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.model == nil {
		r.model = r.buildPackage()
	}
	return r.model
}

// AbstractOf returns the abstract channel that v (after channel
// conversions) is loaded from, or nil.
func (p *Package) AbstractOf(v ssa.Value) *Abstract {
	v = peelChanConversions(v)
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil
		}
		switch addr := v.X.(type) {
		case *ssa.Global:
			return p.byGlobal[addr]
		case *ssa.FieldAddr:
			if f := fieldVar(addr); f != nil {
				return p.byField[f.Origin()]
			}
		}
	case *ssa.Field:
		if st, ok := v.X.Type().Underlying().(*types.Struct); ok && v.Field < st.NumFields() {
			return p.byField[st.Field(v.Field).Origin()]
		}
	}
	return nil
}

// Starts returns the instructions that start fn on a goroutine of its own:
// go statements and spawning calls (wg.Go, g.Go) of this package.
func (p *Package) Starts(fn *ssa.Function) []ssa.Instruction {
	return p.starts[fn]
}

// Loops returns the natural loops of fn, computed once.
func (p *Package) Loops(fn *ssa.Function) *cfg.Loops {
	if ls, ok := p.loops[fn]; ok {
		return ls
	}
	ls := cfg.FindLoops(fn)
	p.loops[fn] = ls
	return ls
}

func (r *Result) buildPackage() *Package {
	p := &Package{
		byField:  make(map[*types.Var]*Abstract),
		byGlobal: make(map[*ssa.Global]*Abstract),
		starts:   make(map[*ssa.Function][]ssa.Instruction),
		loops:    make(map[*ssa.Function]*cfg.Loops),
		pkg:      r.pkg,
	}
	if r.pkg == nil {
		return p
	}
	funcs := r.srcFuncs()
	// Pass 1: the abstract channels, their stores, loads and starts.
	type load struct {
		v  ssa.Value
		fn *ssa.Function
	}
	var loads []load
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Go, *ssa.Call:
					if f := StartedFunction(instr); f != nil {
						if o := f.Origin(); o != nil {
							f = o
						}
						p.starts[f] = append(p.starts[f], instr)
					}
				case *ssa.FieldAddr:
					a := p.fieldAbstract(instr)
					if a == nil {
						continue
					}
					for _, ref := range ssax.Referrers(instr) {
						switch ref := ref.(type) {
						case *ssa.UnOp:
							if ref.Op == token.MUL {
								loads = append(loads, load{ref, fn})
								continue
							}
						case *ssa.Store:
							if ref.Addr == instr {
								a.store(ref)
								continue
							}
						case *ssa.DebugRef:
							continue
						}
						a.Escapes = append(a.Escapes, Escape{Instr: ref, Pos: ref.Pos(), Why: "its address is taken"})
					}
					continue
				case *ssa.Field:
					if st, ok := instr.X.Type().Underlying().(*types.Struct); ok && instr.Field < st.NumFields() {
						if a := p.varAbstract(st.Field(instr.Field)); a != nil {
							loads = append(loads, load{instr, fn})
						}
					}
					continue
				}
				// Package variables have no referrers: look at operands.
				var ops [8]*ssa.Value
				for _, opnd := range instr.Operands(ops[:0]) {
					g, ok := (*opnd).(*ssa.Global)
					if !ok {
						continue
					}
					a := p.globalAbstract(g)
					if a == nil {
						continue
					}
					switch instr := instr.(type) {
					case *ssa.UnOp:
						if instr.Op == token.MUL {
							loads = append(loads, load{instr, fn})
							continue
						}
					case *ssa.Store:
						if instr.Addr == g {
							a.store(instr)
							continue
						}
					case *ssa.DebugRef:
						continue
					}
					a.Escapes = append(a.Escapes, Escape{Instr: instr, Pos: instr.Pos(), Why: "its address is taken"})
				}
			}
		}
	}
	// Pass 2: follow each load with chanflow's walker.
	for _, l := range loads {
		a := p.AbstractOf(l.v)
		if a == nil {
			continue
		}
		c := &Chan{Root: l.v, Cap: a.Cap}
		r.walkRoot(l.fn, c)
		for _, op := range c.Ops {
			a.addOp(&PkgOp{Op: op, Fn: l.fn, Load: l.v})
		}
		for _, op := range c.Callbacks {
			a.addOp(&PkgOp{Op: op, Fn: l.fn, Load: l.v, Callback: true})
		}
		for _, esc := range c.Escapes {
			switch {
			case esc.Callback != nil:
				// Its ops are in Callbacks.
			case esc.Why == "returned" && isRecvOnlyResult(l.fn, esc.Instr, c):
				a.RecvEscapes = append(a.RecvEscapes, esc)
			default:
				a.Escapes = append(a.Escapes, esc)
			}
		}
	}
	for _, a := range p.Chans {
		a.opSeen = nil
		sort.SliceStable(a.Ops, func(i, j int) bool { return a.Ops[i].Pos < a.Ops[j].Pos })
	}
	return p
}

// srcFuncs returns the package's functions with bodies, anonymous ones
// included, in a deterministic order.
// The package initializer, which stores package variables, is synthetic
// and not among them: it is added with its function literals.
func (r *Result) srcFuncs() []*ssa.Function {
	funcs := r.srcs
	if init := r.pkg.Func("init"); init != nil && init.Synthetic != "" {
		funcs = append(funcs[:len(funcs):len(funcs)], init)
		var anons func(f *ssa.Function, depth int)
		anons = func(f *ssa.Function, depth int) {
			for _, a := range f.AnonFuncs {
				funcs = append(funcs, a)
				if depth < 8 {
					anons(a, depth+1)
				}
			}
		}
		anons(init, 0)
	}
	return funcs
}

func (p *Package) fieldAbstract(fa *ssa.FieldAddr) *Abstract {
	f := fieldVar(fa)
	if f == nil {
		return nil
	}
	n := typesx.NamedOf(fa.X.Type())
	if n == nil {
		// A field of an anonymous struct type: two identical struct
		// literals (a field's type and the value assigned to it) have
		// distinct field objects, so a store through one would not be
		// seen through the other.
		return nil
	}
	a := p.varAbstract(f)
	if a != nil && a.Owner == nil {
		a.Owner = n.Origin()
	}
	return a
}

// varAbstract returns the abstract channel of field f, creating it when f
// is an unexported channel field declared in this package.
func (p *Package) varAbstract(f *types.Var) *Abstract {
	f = f.Origin()
	if a, ok := p.byField[f]; ok {
		return a
	}
	if f.Exported() || f.Pkg() != p.pkg.Pkg || !isChan(f.Type()) {
		p.byField[f] = nil
		return nil
	}
	a := &Abstract{Field: f, Cap: -2, opSeen: make(map[opKey]bool), pos: f.Pos()}
	p.byField[f] = a
	p.Chans = append(p.Chans, a)
	return a
}

func (p *Package) globalAbstract(g *ssa.Global) *Abstract {
	if a, ok := p.byGlobal[g]; ok {
		return a
	}
	obj := g.Object()
	ptr, ok := g.Type().(*types.Pointer)
	if obj == nil || obj.Exported() || g.Pkg != p.pkg || !ok || !isChan(ptr.Elem()) {
		p.byGlobal[g] = nil
		return nil
	}
	a := &Abstract{Global: g, Cap: -2, opSeen: make(map[opKey]bool), pos: g.Pos()}
	p.byGlobal[g] = a
	p.Chans = append(p.Chans, a)
	return a
}

// store records a store into the channel's cell.
func (a *Abstract) store(st *ssa.Store) {
	v := peelChanConversions(st.Val)
	switch v := v.(type) {
	case *ssa.MakeChan:
		if !onlyStoredBy(v, st) {
			// `c := make(chan T); s.in = c; t.out = c`, or the channel is
			// also used through the local variable: this cell is not the
			// only way to it.
			a.Escapes = append(a.Escapes, Escape{Instr: st, Pos: st.Pos(), Why: "the channel stored is also used elsewhere"})
			return
		}
		a.Makes = append(a.Makes, st)
		c := constCap(v.Size)
		switch {
		case a.Cap == -2:
			a.Cap = c
		case a.Cap != c:
			a.Cap = -1
		}
		return
	case *ssa.Const:
		if v.IsNil() {
			a.NilStores = append(a.NilStores, st)
			return
		}
	}
	a.Escapes = append(a.Escapes, Escape{Instr: st, Pos: st.Pos(), Why: "assigned a channel from elsewhere"})
}

func (a *Abstract) addOp(op *PkgOp) {
	k := opKey{op.Instr, op.Kind, op.Case, nil}
	if op.Instr == nil {
		k.site = op.Site
	}
	if a.opSeen[k] {
		return
	}
	a.opSeen[k] = true
	a.Ops = append(a.Ops, op)
}

// isRecvOnlyResult reports whether the escape at instr, a return of fn, hands
// out c only as a receive-only channel.
func isRecvOnlyResult(fn *ssa.Function, instr ssa.Instruction, c *Chan) bool {
	ret, ok := instr.(*ssa.Return)
	if !ok || ret.Parent() != fn {
		return false
	}
	res := fn.Signature.Results()
	found := false
	for i, v := range ret.Results {
		if !c.IsAlias(v) || i >= res.Len() {
			continue
		}
		ct, ok := res.At(i).Type().Underlying().(*types.Chan)
		if !ok || ct.Dir() != types.RecvOnly {
			return false
		}
		found = true
	}
	return found
}

// onlyStoredBy reports whether the only use of the channel mk makes is the
// store st (through channel conversions).
func onlyStoredBy(mk *ssa.MakeChan, st *ssa.Store) bool {
	var uses func(v ssa.Value, depth int) bool
	uses = func(v ssa.Value, depth int) bool {
		for _, r := range ssax.Referrers(v) {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Store:
				if r != st {
					return false
				}
			case *ssa.ChangeType:
				if depth > 4 || !uses(r, depth+1) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return uses(mk, 0)
}

// A StopCase is how a select op's goroutine stops using the channel: another
// receive case of the op's select (a stop channel, ctx.Done(), a timer)
// after which the op's select never runs again.
type StopCase struct {
	Fn   *ssa.Function
	Chan ssa.Value // the channel of the stopping case
	Pos  token.Pos // where it leaves: the return, or the case
}

// StopCaseOf returns the stopping case of op, a case of a select, when
// another receive case of that select, on another channel, leaves for
// good: from its entry, the select cannot be reached again (the case does
// not leave only sometimes, nor for an outer loop that comes back). It
// returns nil for any other op.
func (p *Package) StopCaseOf(op *PkgOp) *StopCase {
	if (op.Kind != SelectRecv && op.Kind != SelectSend) || op.Select == nil || op.Instr == nil {
		return nil
	}
	a := p.AbstractOf(op.Load)
	sel := op.Select
	for i, st := range sel.States {
		if i == op.Case || st.Dir != types.RecvOnly || (a != nil && p.AbstractOf(st.Chan) == a) {
			continue
		}
		entry := CaseEntry(sel, i)
		if entry == nil || len(entry.Instrs) == 0 {
			continue
		}
		if cfg.PathExists(entry.Instrs[0], func(x ssa.Instruction) bool { return x == sel }, nil) {
			continue // the select runs again after this case
		}
		pos := st.Pos
		for _, b := range CaseBlocks(sel, i) {
			for _, instr := range b.Instrs {
				if r, ok := instr.(*ssa.Return); ok && r.Pos().IsValid() {
					pos = r.Pos()
					return &StopCase{Fn: sel.Parent(), Chan: st.Chan, Pos: pos}
				}
			}
		}
		return &StopCase{Fn: sel.Parent(), Chan: st.Chan, Pos: pos}
	}
	return nil
}
