// Package release answers, for resources that code must give back, the
// question "is what is acquired here released on every path?": response
// bodies, database rows and transactions, tickers, pooled buffers, C memory.
// It is go vet's lostcancel generalised to any resource, on SSA.
//
// # Model
//
// A Kind says how one sort of resource is released (a method call such as
// Close or Stop, a function taking it such as sync.Pool.Put or C.free), which
// part of a value holds it (the Body field of an *http.Response), what the
// standard library does with it when it is passed along (io.ReadAll only
// reads a body), and which parameter types can carry it.
//
// An Engine, one per pass and Kind, follows an acquired value through its
// aliases (phis, interface conversions, type assertions, the Kind's member
// field, local variable cells, closures that capture it) and sorts every use:
//
//   - a release: a call the Kind names, or a call of a function whose
//     Summary says it releases that argument on every path, or a deferred
//     or called closure that does;
//   - an escape, after which the engine cannot see what happens and stays
//     silent on every path through it: returned, stored in a field, map,
//     slice or global, sent on a channel, started with go, captured by a
//     closure handed elsewhere, passed to a function that keeps it or
//     releases it only on some paths, or to code nothing is known about;
//   - a use that neither releases nor keeps it (a read, a borrowing call).
//
// Check then asks one reachability question on the control-flow graph (no
// path enumeration): does a path leave the acquisition and reach a return
// (the end of a goroutine is a return of its function), or the acquisition
// again around a loop, without passing a release, an escape or a call that
// never returns? Edges on which the resource is known to be absent are not
// followed: the branch where the acquiring call's error is non-nil, the
// branch where the value itself is nil, and edges a Kind declares released
// (sql.Rows.Next returning false closes the rows).
//
// # Summaries and facts
//
// Summary says, per parameter of a function, whether the function releases
// it on every path, only borrows it, or does something the caller cannot
// rely on (keeps it, returns it, releases it on some paths); and per result,
// whether it hands the caller a fresh resource it acquired (a wrapper
// around http.Client.Do). Engines compute summaries of their own package's
// functions on demand, memoised, and analyzers export them as facts (each
// analyzer wraps Summary in its own fact type) so that helpers such as
// drainAndClose(resp) or defer closeRows(rows) in another package count.
//
// A load through a resource pointer of a slice, array or basic value (the
// *[]byte of a pooled buffer) reads it; any other load is an escape.
//
// Every walk is bounded: each value is visited once and at most maxAliases
// values are followed per resource; a resource with more is left alone.
package release

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// Effect is what a function does with a resource passed to it.
type Effect uint8

const (
	// Unknown means the function keeps the resource, returns it, releases it
	// on some paths only, or cannot be seen. A caller stays silent.
	Unknown Effect = iota
	// Borrows means the function uses the resource and neither releases nor
	// keeps it; the caller still owns it.
	Borrows
	// Releases means the function releases the resource on every path on which
	// it returns.
	Releases
)

func (e Effect) String() string {
	switch e {
	case Borrows:
		return "borrows"
	case Releases:
		return "releases"
	}
	return "unknown"
}

// Summary is what a function does with resources of one Kind: Params by
// SSA parameter index (the receiver first), Results by result index (true:
// the caller receives a fresh resource it must release). It is small and
// gob-encodable, for analyzers to embed in their facts.
type Summary struct {
	Params  []Effect
	Results []bool
}

// Interesting reports whether s says anything a caller can use.
func (s *Summary) Interesting() bool {
	if s == nil {
		return false
	}
	for _, p := range s.Params {
		if p != Unknown {
			return true
		}
	}
	for _, r := range s.Results {
		if r {
			return true
		}
	}
	return false
}

// Argument positions passed to Kind callbacks besides ordinary argument
// indices (Args[i] of a static call, receiver first).
const (
	// Recv is the receiver of an interface method call (CallCommon.Value
	// in invoke mode).
	Recv = -1
	// Callee is the function value being called (the resource is a func,
	// such as a stored context.CancelFunc).
	Callee = -2
)

// A Kind describes one sort of resource.
type Kind struct {
	// Releases reports whether c releases the resource that occupies
	// position arg of the call (an index into c.Args, Recv, or Callee).
	Releases func(c *ssa.CallCommon, arg int) bool
	// Member, if set, reports whether field number field of the struct
	// type owner holds the resource, so that loads of it are the resource
	// too (the Body of an *http.Response).
	Member func(owner types.Type, field int) bool
	// Borrows reports whether a call of f (nil for dynamic calls) that
	// has no summary only uses the resource at position arg: a method of
	// the resource's own type, io.ReadAll of a body.
	Borrows func(c *ssa.CallCommon, f *types.Func, arg int) bool
	// Known, if set, is built-in knowledge that wins over summaries:
	// what a call does with the resource at position arg, and whether it
	// knows (cgo's generated wrappers of C functions only borrow, though
	// their bodies hand the pointer to the runtime).
	Known func(c *ssa.CallCommon, arg int) (Effect, bool)
	// Handle reports whether a parameter or result of type t can carry
	// the resource, so that summaries describe it.
	Handle func(t types.Type) bool
	// ReleasedOn, if set, reports for a branch condition whether one of
	// its successors (0: true, 1: false) releases the resource held by
	// alias values: `for rows.Next()` closes the rows when it is false.
	ReleasedOn func(cond ssa.Value, isAlias func(ssa.Value) bool) (succ int, ok bool)
	// Received, if set, means a receive from the resource (or from its
	// Member) releases it: a timer whose channel delivered has fired and
	// holds nothing any more. A select case receiving from it releases
	// it on that case's branch. Otherwise a receive is an escape.
	Received bool
	// Acquires reports whether call acquires a resource and which of its
	// results holds it (0 for a single result) and which is its error
	// (-1 for none). Calls of functions whose summary marks a result
	// fresh acquire too, without Acquires saying so.
	Acquires func(c *ssa.CallCommon) (res, errRes int, ok bool)
}

// maxAliases bounds the values followed for one resource.
const maxAliases = 128

// An Engine checks the acquisitions of one Kind in one package.
// It is not safe for concurrent use.
type Engine struct {
	Kind *Kind
	// Pkg is the package being analysed: its functions are summarised
	// from their SSA, others through Import.
	Pkg *types.Package
	// Import returns the summary another package exported for f, or nil.
	Import func(f *types.Func) *Summary
	// NeverReturns, if set, reports whether instr is a call after which
	// no path continues; nil means ssax.NeverReturns (os.Exit, log.Fatal,
	// t.FailNow, functions that cannot return).
	NeverReturns func(instr ssa.Instruction) bool

	// Exits, if set, selects the returns that count as leaks (the error
	// returns, for a resource whose loss matters only there); nil: every
	// return.
	Exits func(ret *ssa.Return) bool

	// PartialOnly limits Check to acquisitions released on some path:
	// one never released anywhere in its function is taken to be handed
	// off on purpose (a pooled value whose bytes are still in flight).
	PartialOnly bool

	memo    map[*ssa.Function]*Summary
	closure map[closureKey]Effect
	depth   int
}

type closureKey struct {
	fn   *ssa.Function
	i    int
	cell bool
}

type edge struct {
	b    *ssa.BasicBlock
	succ int
}

// uses is the sorted set of what a function does with one resource.
type uses struct {
	release map[ssa.Instruction]bool
	escape  map[ssa.Instruction]bool
	blocked map[edge]bool
	aliases map[ssa.Value]bool
	// coveredBefore: a deferred closure that releases the variable
	// holding the resource was registered before the value was stored.
	deferred []ssa.Instruction
	// releasedEdge: some branch the Kind declares releasing exists.
	releasedEdge bool
	ok           bool
}

// maxDepth bounds the nesting of summaries computed while computing one.
const maxDepth = 8

// collect follows the values of roots (the resource itself) and cells
// (variables holding it) through fn and sorts their uses.
func (e *Engine) collect(roots, cells []ssa.Value) *uses {
	u := &uses{
		release: make(map[ssa.Instruction]bool),
		escape:  make(map[ssa.Instruction]bool),
		blocked: make(map[edge]bool),
		aliases: make(map[ssa.Value]bool),
		ok:      true,
	}
	type item struct {
		v    ssa.Value
		cell bool
	}
	var work []item
	seen := make(map[item]bool)
	push := func(v ssa.Value, cell bool) {
		it := item{v, cell}
		if !seen[it] {
			seen[it] = true
			work = append(work, it)
		}
	}
	for _, v := range roots {
		push(v, false)
	}
	for _, v := range cells {
		push(v, true)
	}
	for len(work) > 0 {
		if len(seen) > maxAliases {
			u.ok = false
			return u
		}
		it := work[len(work)-1]
		work = work[:len(work)-1]
		refs := ssax.Referrers(it.v)
		if it.cell {
			for _, r := range refs {
				switch r := r.(type) {
				case *ssa.DebugRef:
				case *ssa.UnOp:
					if r.Op == token.MUL {
						push(r, false)
					} else {
						u.escape[r] = true
					}
				case *ssa.Store:
					if r.Addr != it.v {
						u.escape[r] = true // the cell's address stored
					}
				case *ssa.MakeClosure:
					e.closureUse(u, r, it.v, true)
				default:
					u.escape[r] = true
				}
			}
			continue
		}
		v := it.v
		u.aliases[v] = true
		for _, r := range refs {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Phi, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert, *ssa.MultiConvert, *ssa.Slice:
				push(r.(ssa.Value), false)
			case *ssa.TypeAssert:
				if !r.CommaOk {
					push(r, false)
					continue
				}
				for _, x := range ssax.Referrers(r) {
					if ex, ok := x.(*ssa.Extract); ok {
						switch ex.Index {
						case 0:
							push(ex, false)
						case 1:
							okBranches(u, ex)
						}
					}
				}
			case *ssa.FieldAddr:
				if e.Kind.Member == nil || !e.Kind.Member(pointee(r.X.Type()), r.Field) {
					continue // another field read: no use of the resource
				}
				for _, x := range ssax.Referrers(r) {
					switch x := x.(type) {
					case *ssa.UnOp:
						if x.Op == token.MUL {
							push(x, false)
						}
					case *ssa.Store, *ssa.DebugRef:
						// resp.Body = wrapped: the old body, if loaded,
						// is followed through its own uses.
					default:
						u.escape[x] = true
					}
				}
			case *ssa.Field:
				if e.Kind.Member != nil && e.Kind.Member(r.X.Type(), r.Field) {
					push(r, false)
				}
			case *ssa.BinOp:
				e.nilCheck(u, r, v)
			case *ssa.Call:
				e.callUse(u, r, r.Common(), v)
			case *ssa.Defer:
				e.callUse(u, r, r.Common(), v)
			case *ssa.Store:
				if r.Val != v {
					continue // storing into the resource
				}
				if alloc, ok := r.Addr.(*ssa.Alloc); ok {
					push(alloc, true)
					continue
				}
				u.escape[r] = true
			case *ssa.MakeClosure:
				e.closureUse(u, r, v, false)
			case *ssa.If:
				// a bool resource; nothing to follow
			case *ssa.UnOp:
				switch {
				case r.Op == token.ARROW && e.Kind.Received:
					u.release[r] = true
				case r.Op == token.MUL && plainData(r.Type()):
					// *p of a pooled *[]byte: a copy of the slice
					// header reads the resource, it does not take it.
				default:
					u.escape[r] = true
				}
			case *ssa.Select:
				e.selectUse(u, r, v)
			default:
				// returned, sent, stored in a map or slice, started
				// with go, dereferenced whole, or something unforeseen
				u.escape[r] = true
			}
		}
	}
	e.releasedEdges(u)
	return u
}

// selectUse sorts a select that v takes part in: a case receiving from it
// releases it on that case's branch if the Kind says so, and is no use
// otherwise; a send of it or on it is an escape.
func (e *Engine) selectUse(u *uses, sel *ssa.Select, v ssa.Value) {
	for _, st := range sel.States {
		if st.Send == v || (st.Chan == v && st.Dir != types.RecvOnly) {
			u.escape[sel] = true
			return
		}
	}
	if !e.Kind.Received {
		return
	}
	for i, st := range sel.States {
		if st.Chan != v {
			continue
		}
		entry := chanflow.CaseEntry(sel, i)
		if entry == nil {
			continue
		}
		for _, p := range entry.Preds {
			for k, s := range p.Succs {
				if s == entry {
					u.blocked[edge{p, k}] = true
					u.releasedEdge = true
				}
			}
		}
	}
}

// okBranches blocks the branches on which ok, the second result of a
// comma-ok type assertion of the resource, is false: the value is then
// the zero value (an empty pool's nil), and there is nothing to release.
func okBranches(u *uses, ok ssa.Value) {
	for _, r := range ssax.Referrers(ok) {
		switch r := r.(type) {
		case *ssa.If:
			u.blocked[edge{r.Block(), 1}] = true
		case *ssa.UnOp:
			if r.Op != token.NOT {
				continue
			}
			for _, x := range ssax.Referrers(r) {
				if iff, isIf := x.(*ssa.If); isIf {
					u.blocked[edge{iff.Block(), 0}] = true
				}
			}
		}
	}
}

// plainData reports whether t, the type of a value loaded through a
// resource pointer, is a slice, array or basic value whose elements are
// basic: the copy aliases the resource's bytes at most, and cannot carry
// the resource itself away (a *[]byte taken from a sync.Pool).
func plainData(t types.Type) bool {
	switch t := types.Unalias(t).Underlying().(type) {
	case *types.Basic:
		return true
	case *types.Slice:
		_, ok := types.Unalias(t.Elem()).Underlying().(*types.Basic)
		return ok
	case *types.Array:
		_, ok := types.Unalias(t.Elem()).Underlying().(*types.Basic)
		return ok
	}
	return false
}

// pointee returns the element type of a pointer type, or t.
func pointee(t types.Type) types.Type {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// nilCheck blocks the branch on which v, compared with nil by op, is nil.
func (e *Engine) nilCheck(u *uses, op *ssa.BinOp, v ssa.Value) {
	other := op.Y
	if op.Y == v {
		other = op.X
	}
	if !isNil(other) || (op.Op != token.EQL && op.Op != token.NEQ) {
		return
	}
	for _, r := range ssax.Referrers(op) {
		iff, ok := r.(*ssa.If)
		if !ok {
			continue
		}
		succ := 0 // v == nil holds on the true branch
		if op.Op == token.NEQ {
			succ = 1
		}
		u.blocked[edge{iff.Block(), succ}] = true
	}
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}

// releasedEdges adds the branches the Kind says release the resource.
func (e *Engine) releasedEdges(u *uses) {
	if e.Kind.ReleasedOn == nil {
		return
	}
	fns := make(map[*ssa.Function]bool)
	for v := range u.aliases {
		if fn := v.Parent(); fn != nil {
			fns[fn] = true
		}
	}
	isAlias := func(v ssa.Value) bool { return u.aliases[v] }
	for fn := range fns {
		for _, b := range fn.Blocks {
			if len(b.Instrs) == 0 {
				continue
			}
			iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
			if !ok {
				continue
			}
			if succ, ok := e.Kind.ReleasedOn(iff.Cond, isAlias); ok {
				u.blocked[edge{b, succ}] = true
				u.releasedEdge = true
			}
		}
	}
}

// callUse sorts the use of v by a call or deferred call instr.
func (e *Engine) callUse(u *uses, instr ssa.Instruction, c *ssa.CallCommon, v ssa.Value) {
	var positions []int
	if c.Value == v {
		if c.IsInvoke() {
			positions = append(positions, Recv)
		} else {
			positions = append(positions, Callee)
		}
	}
	for i, a := range c.Args {
		if a == v {
			positions = append(positions, i)
		}
	}
	effect := Borrows
	for _, p := range positions {
		switch eff := e.effectAt(c, p); eff {
		case Releases:
			effect = Releases
		case Unknown:
			u.escape[instr] = true
			return
		}
	}
	if effect == Releases {
		u.release[instr] = true
	}
}

// effectAt returns what the call does with the resource at position arg.
func (e *Engine) effectAt(c *ssa.CallCommon, arg int) Effect {
	if e.Kind.Releases(c, arg) {
		return Releases
	}
	if e.Kind.Known != nil {
		if eff, ok := e.Kind.Known(c, arg); ok {
			return eff
		}
	}
	if arg == Callee {
		return Unknown
	}
	if fn := c.StaticCallee(); fn != nil && arg >= 0 {
		if o := fn.Origin(); o != nil {
			fn = o
		}
		// A summary, when there is one, is the answer, Unknown included:
		// a helper that puts back only on some paths is not a borrower.
		if s := e.Summarize(fn); s != nil && arg < len(s.Params) {
			return s.Params[arg]
		}
	}
	f := ssax.Callee(c)
	if e.Kind.Borrows != nil && e.Kind.Borrows(c, f, arg) {
		return Borrows
	}
	return Unknown
}

// closureUse sorts the capture of v (a cell if cell) by mc: a closure that
// is called or deferred right here releases or borrows it as its body
// does; one handed anywhere else takes it out of sight.
func (e *Engine) closureUse(u *uses, mc *ssa.MakeClosure, v ssa.Value, cell bool) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		u.escape[mc] = true
		return
	}
	effect := Unknown
	for i, b := range mc.Bindings {
		if b != v {
			continue
		}
		eff := e.freeVarEffect(fn, i, cell)
		if eff == Unknown {
			u.escape[mc] = true
			return
		}
		if eff == Releases {
			effect = Releases
		} else if effect == Unknown {
			effect = Borrows
		}
	}
	for _, r := range ssax.Referrers(mc) {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call, *ssa.Defer:
			c := r.(ssa.CallInstruction).Common()
			if c.Value != mc || containsValue(c.Args, mc) {
				u.escape[r] = true
				continue
			}
			if effect == Releases {
				u.release[r] = true
				if _, ok := r.(*ssa.Defer); ok {
					u.deferred = append(u.deferred, r)
				}
			}
		default:
			u.escape[mc] = true
		}
	}
}

func containsValue(vs []ssa.Value, v ssa.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// freeVarEffect is what closure fn does with its free variable i.
func (e *Engine) freeVarEffect(fn *ssa.Function, i int, cell bool) Effect {
	if i >= len(fn.FreeVars) {
		return Unknown
	}
	k := closureKey{fn, i, cell}
	if eff, ok := e.closure[k]; ok {
		return eff
	}
	if e.closure == nil {
		e.closure = make(map[closureKey]Effect)
	}
	e.closure[k] = Unknown // recursion: assume the worst
	if e.depth >= maxDepth {
		return Unknown
	}
	e.depth++
	fv := fn.FreeVars[i]
	var u *uses
	if cell {
		u = e.collect(nil, []ssa.Value{fv})
	} else {
		u = e.collect([]ssa.Value{fv}, nil)
	}
	eff := e.classify(fn, u)
	e.depth--
	e.closure[k] = eff
	return eff
}

// Summarize returns what fn, a function of the package being analysed or
// one with an imported summary, does with resources of the Kind. It is
// memoised; nil means nothing is known.
func (e *Engine) Summarize(fn *ssa.Function) *Summary {
	if fn == nil {
		return nil
	}
	if fn.Pkg == nil || fn.Pkg.Pkg != e.Pkg || len(fn.Blocks) == 0 {
		if obj, ok := fn.Object().(*types.Func); ok && e.Import != nil {
			return e.Import(obj.Origin())
		}
		return nil
	}
	if s, ok := e.memo[fn]; ok {
		return s
	}
	if e.memo == nil {
		e.memo = make(map[*ssa.Function]*Summary)
	}
	e.memo[fn] = nil // recursion: nothing known yet
	if e.depth >= maxDepth {
		delete(e.memo, fn) // try again from shallower
		return nil
	}
	e.depth++
	s := &Summary{Params: make([]Effect, len(fn.Params))}
	for i, p := range fn.Params {
		if !e.Kind.Handle(p.Type()) {
			continue
		}
		s.Params[i] = e.classify(fn, e.collect([]ssa.Value{p}, nil))
	}
	s.Results = e.freshResults(fn)
	e.depth--
	e.memo[fn] = s
	return s
}

// classify turns the uses of a parameter or free variable of fn into the
// function's effect on it.
func (e *Engine) classify(fn *ssa.Function, u *uses) Effect {
	if !u.ok || len(u.escape) > 0 || len(fn.Blocks) == 0 {
		return Unknown
	}
	if len(u.release) == 0 && !u.releasedEdge {
		return Borrows
	}
	q := cfg.Query{
		Target: cfg.IsReturn,
		Avoid:  func(i ssa.Instruction) bool { return u.release[i] || e.neverReturns(i) },
		Follow: func(b *ssa.BasicBlock, s int) bool { return !u.blocked[edge{b, s}] },
	}
	if q.At(fn.Blocks[0], 0) != nil {
		return Unknown // released on some paths only
	}
	return Releases
}

func (e *Engine) neverReturns(i ssa.Instruction) bool {
	if e.NeverReturns != nil {
		return e.NeverReturns(i)
	}
	return ssax.NeverReturns(i)
}

// An Acquisition is one place a resource is acquired.
type Acquisition struct {
	// Call is the acquiring call instruction.
	Call *ssa.Call
	// Value holds the resource: the call itself or an Extract of it; nil
	// when the result is discarded.
	Value ssa.Value
	// Err is the call's error result, or nil.
	Err ssa.Value
}

// Acquisitions returns the acquisitions of the Kind in fn, in order: calls
// the Kind names and calls of functions whose summary says a result is a
// fresh resource.
func (e *Engine) Acquisitions(fn *ssa.Function) []Acquisition {
	var out []Acquisition
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if a, ok := e.acquisition(call); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

// acquisition reports whether call acquires a resource of the Kind.
func (e *Engine) acquisition(call *ssa.Call) (Acquisition, bool) {
	res, errRes, ok := -1, -1, false
	if e.Kind.Acquires != nil {
		res, errRes, ok = e.Kind.Acquires(call.Common())
	}
	if !ok {
		if fn := call.Common().StaticCallee(); fn != nil {
			if o := fn.Origin(); o != nil {
				fn = o
			}
			if s := e.Summarize(fn); s != nil {
				for i, fresh := range s.Results {
					if fresh {
						res, ok = i, true
						break
					}
				}
				if ok {
					errRes = errorResult(call)
				}
			}
		}
	}
	if !ok {
		return Acquisition{}, false
	}
	a := Acquisition{Call: call}
	if call.Type() == nil {
		return Acquisition{}, false
	}
	if _, tuple := call.Type().(*types.Tuple); !tuple {
		a.Value = call
		return a, true
	}
	for _, r := range ssax.Referrers(call) {
		if ex, ok := r.(*ssa.Extract); ok {
			switch ex.Index {
			case res:
				a.Value = ex
			case errRes:
				a.Err = ex
			}
		}
	}
	return a, true
}

// errorResult returns the index of the last result of call if it has type
// error, or -1.
func errorResult(call *ssa.Call) int {
	t, ok := call.Type().(*types.Tuple)
	if !ok || t.Len() == 0 {
		return -1
	}
	last := t.At(t.Len() - 1).Type()
	if types.Identical(last, types.Universe.Lookup("error").Type()) {
		return t.Len() - 1
	}
	return -1
}

// freshResults says which results of fn hand the caller a resource fn
// acquired and did not release: every return gives either nil or the
// value of one acquisition whose only escape is that return.
func (e *Engine) freshResults(fn *ssa.Function) []bool {
	sig := fn.Signature
	var out []bool
	for i := 0; i < sig.Results().Len(); i++ {
		if !e.Kind.Handle(sig.Results().At(i).Type()) {
			continue
		}
		if e.returnsFresh(fn, i) {
			if out == nil {
				out = make([]bool, sig.Results().Len())
			}
			out[i] = true
		}
	}
	return out
}

func (e *Engine) returnsFresh(fn *ssa.Function, i int) bool {
	acquired := make(map[ssa.Value]*Acquisition)
	var acqs []Acquisition
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if a, ok := e.acquisition(call); ok && a.Value != nil {
					acqs = append(acqs, a)
				}
			}
		}
	}
	if len(acqs) == 0 {
		return false
	}
	for k := range acqs {
		acquired[acqs[k].Value] = &acqs[k]
	}
	returned := 0
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		v := ret.Results[i]
		v = underlying(v)
		if isNil(v) {
			continue
		}
		a := acquired[v]
		if a == nil {
			return false
		}
		u := e.collect([]ssa.Value{a.Value}, nil)
		if !u.ok || len(u.release) > 0 {
			return false
		}
		for x := range u.escape {
			if _, ok := x.(*ssa.Return); !ok {
				return false
			}
		}
		returned++
	}
	return returned > 0
}

// underlying strips the conversions and type assertions that collect
// follows forward, to find the value a returned one comes from.
func underlying(v ssa.Value) ssa.Value {
	for range maxAliases {
		switch x := v.(type) {
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.TypeAssert:
			if x.CommaOk {
				return v
			}
			v = x.X
		default:
			return v
		}
	}
	return v
}

// Check reports whether a path from the acquisition reaches a return of
// its function, or the acquisition again, without releasing the resource.
// The witness is the return reached, or a.Call itself for a loop that
// comes back to the acquisition. Covered means a deferred release
// registered before the acquisition covers it. ok is false when the
// analysis cannot tell (too many aliases, an error result used in ways it
// cannot follow); the caller then stays silent.
func (e *Engine) Check(a Acquisition) (witness ssa.Instruction, ok bool) {
	var u *uses
	if a.Value != nil {
		u = e.collect([]ssa.Value{a.Value}, nil)
	} else {
		u = e.collect(nil, nil)
	}
	if !u.ok {
		return nil, false
	}
	for _, d := range u.deferred {
		if cfg.Precedes(d, a.Call) {
			return nil, true // defer func() { resp.Body.Close() }() registered earlier
		}
	}
	if e.PartialOnly && len(u.release) == 0 && !u.releasedEdge {
		return nil, true
	}
	if a.Err != nil && !e.errChecks(u, a) {
		return nil, false
	}
	idx := cfg.Index(a.Call)
	if idx < 0 {
		return nil, false
	}
	q := cfg.Query{
		// First: does a loop come back to the call with the resource
		// still held? That is the leak to name even when the loop can
		// also end in a return.
		Target: func(i ssa.Instruction) bool { return i == a.Call },
		Avoid:  func(i ssa.Instruction) bool { return u.release[i] || u.escape[i] || e.neverReturns(i) },
		Follow: func(b *ssa.BasicBlock, s int) bool { return !u.blocked[edge{b, s}] },
	}
	if w := q.At(a.Call.Block(), idx+1); w != nil {
		return w, true
	}
	q.Target = func(i ssa.Instruction) bool {
		ret, ok := i.(*ssa.Return)
		return ok && !u.escape[i] && (e.Exits == nil || e.Exits(ret))
	}
	return q.At(a.Call.Block(), idx+1), true
}

// errChecks blocks the branches on which the acquisition's error is
// non-nil (the resource is then absent) and reports whether every other
// use of the error comes after such a check. An error passed to a helper
// before any check (if failed(err) { return }) hides which branch has the
// resource, so the caller stays silent.
func (e *Engine) errChecks(u *uses, a Acquisition) bool {
	// The error and the phis that merge only it and nil: the error of
	// the latest execution of the call, as a retry loop keeps it.
	errs := map[ssa.Value]bool{a.Err: true}
	for changed := true; changed && len(errs) < maxAliases; {
		changed = false
		for v := range errs {
			for _, r := range ssax.Referrers(v) {
				phi, ok := r.(*ssa.Phi)
				if !ok || errs[phi] {
					continue
				}
				all := true
				for _, x := range phi.Edges {
					if !errs[x] && !isNil(x) {
						all = false
						break
					}
				}
				if all {
					errs[phi] = true
					changed = true
				}
			}
		}
	}
	var checks []*ssa.BasicBlock
	var others []ssa.Instruction
	for v := range errs {
		for _, r := range ssax.Referrers(v) {
			switch r := r.(type) {
			case *ssa.DebugRef:
				continue
			case *ssa.Phi:
				if errs[r] {
					continue
				}
			case *ssa.BinOp:
				other := r.Y
				if r.Y == v {
					other = r.X
				}
				if isNil(other) && (r.Op == token.EQL || r.Op == token.NEQ) {
					found := false
					for _, x := range ssax.Referrers(r) {
						if iff, ok := x.(*ssa.If); ok {
							succ := 1 // err == nil is false: err is set
							if r.Op == token.NEQ {
								succ = 0
							}
							u.blocked[edge{iff.Block(), succ}] = true
							checks = append(checks, iff.Block())
							found = true
						}
					}
					if found {
						continue
					}
				}
			}
			others = append(others, r)
		}
	}
	for _, r := range others {
		blocks := []*ssa.BasicBlock{r.Block()}
		if phi, ok := r.(*ssa.Phi); ok {
			blocks = nil
			for k, x := range phi.Edges {
				if errs[x] && k < len(phi.Block().Preds) {
					blocks = append(blocks, phi.Block().Preds[k])
				}
			}
		}
		for _, b := range blocks {
			checked := false
			for _, c := range checks {
				if c.Dominates(b) {
					checked = true
					break
				}
			}
			if !checked {
				return false
			}
		}
	}
	return true
}
