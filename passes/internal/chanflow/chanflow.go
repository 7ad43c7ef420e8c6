// Package chanflow follows the life of each channel inside an SSA function,
// for the leakvet analyzers that reason about channels (unbufsend,
// doubleclose and those to come).
//
// # Model
//
// Analyzer is an internal analysis (Required by the channel analyzers, never
// listed in passes.All) whose Result is a *Result. Result.Func(fn) returns a
// *Func, computed once per function and memoised:
//
//   - Func.Chans: one *Chan per channel rooted in fn: every `make(chan T, n)`
//     of fn (Chan.Make, Chan.Cap = n when constant, else -1) and every
//     parameter of channel type (Chan.Param).
//   - Chan.Aliases: the SSA values that certainly hold that channel, in fn
//     and in the functions it reaches: phis whose every edge is the channel,
//     ChangeType conversions (chan T -> <-chan T), loads of a local variable
//     every store of which is the channel (go/ssa keeps captured variables in
//     an Alloc), closures' free variables (MakeClosure bindings), and
//     parameters of same-package callees the channel is passed to.
//   - Chan.Ops: what is done to it, in fn or in code fn runs: Send, Recv,
//     Range (the receive of a for-range loop), SelectSend, SelectRecv (with
//     the *ssa.Select and the case index; CaseEntry gives the block that runs
//     only when that case is chosen), Close, Len, Cap. Each Op says where it
//     happens (Instr, Pos), which instruction of fn performs it or leads to it
//     (Site: the op itself, or the call / go / defer of fn), whether it runs
//     in a goroutine started on the way (Go), under a defer (Deferred), and
//     whether it may run more than once per execution of Site (Repeats).
//     A closure passed to a call that runs it on a new goroutine
//     (sync.WaitGroup.Go, errgroup's Group.Go and Group.TryGo, see Spawner)
//     is followed as if started by a go statement: its ops are Spawned, with
//     SpawnCall set.
//     Ops known only from a callee's summary (another package, or the
//     standard library) have a nil Instr and the call's position.
//   - Chan.Callbacks: the ops of closures that capture the channel and are
//     handed to code we cannot see (hooks, callbacks, t.Run); such a
//     capture is also an Escape, with Escape.Callback set.
//   - Chan.Escapes: why the channel may be used by code we cannot see
//     (stored in a field, global, map or slice, returned, sent on a channel,
//     converted to an interface, passed to an unknown or dynamic function,
//     captured by a closure that is not simply called, reassigned variable,
//     merged with another value at a phi). An analyzer that needs to see
//     every operation stays silent when Escapes is non-empty.
//
// Summaries: for every function with channel parameters, Result.Summary(fn)
// (and, for functions of other packages, the exported *Summary fact) says
// per parameter whether the function sends on it, receives from it, closes
// it, and whether it does so in a goroutine it starts, and whether the
// channel escapes. Standard library functions are described by a built-in
// table, not by facts. A function that returns a channel it made and that a
// goroutine it started sends on (a generator) has Summary.Results set: its
// callers treat the call as the make of a new channel with a sending
// goroutine (an Op of kind Send with Go set and a nil Instr).
//
// Package model: Result.Package() gives channels held in unexported struct
// fields and unexported package variables one identity each (an Abstract),
// with every store and every operation over all functions of the package,
// which functions run on goroutines and where they are started, and the
// stop case of a select op (Package.StopCaseOf). See package.go.
//
// Every walk is bounded: callees are followed to a fixed depth, each
// (value, site) pair is visited once.
package chanflow

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// Analyzer computes channel summaries for the package's functions, exports
// them as facts, and gives the channel analyzers a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "chanflow",
	Doc:        "internal: the life of each channel in SSA functions, shared by leakvet's channel analyzers",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(Summary)},
	ResultType: reflect.TypeFor[*Result](),
}

// Kind is the kind of a channel operation.
type Kind uint8

// The kinds of channel operation.
const (
	Send       Kind = iota + 1 // ch <- v
	Recv                       // <-ch, v, ok := <-ch
	Range                      // the receive of `for v := range ch`
	SelectSend                 // a send case of a select with several cases or a default
	SelectRecv                 // a receive case of a select with several cases or a default
	Close                      // close(ch)
	Len                        // len(ch)
	Cap                        // cap(ch)
)

func (k Kind) String() string {
	switch k {
	case Send:
		return "send"
	case Recv:
		return "receive"
	case Range:
		return "range"
	case SelectSend:
		return "select send"
	case SelectRecv:
		return "select receive"
	case Close:
		return "close"
	case Len:
		return "len"
	case Cap:
		return "cap"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// IsSend reports whether k sends (plainly or in a select).
func (k Kind) IsSend() bool { return k == Send || k == SelectSend }

// IsRecv reports whether k receives (plainly, in a range or in a select).
func (k Kind) IsRecv() bool { return k == Recv || k == Range || k == SelectRecv }

// An Op is one operation on a channel.
type Op struct {
	Kind Kind
	// Instr performs the operation: *ssa.Send, *ssa.UnOp (receive),
	// *ssa.Select, or the *ssa.Call / *ssa.Go / *ssa.Defer of close, len or
	// cap. It is nil when the op is known only from a summary; then Pos is
	// the position of the call.
	Instr ssa.Instruction
	Pos   token.Pos
	// Value is the alias the op uses (nil for summary ops).
	Value ssa.Value
	// Select and Case identify the case of a select op.
	Select *ssa.Select
	Case   int
	// Guarded is set on a send or receive that cannot block forever on this
	// channel alone: a select case next to other cases or a default.
	Guarded bool
	// Site is the instruction of the root function that performs the op
	// (Site == Instr) or leads to it: the call, go or defer through which
	// the op's function runs.
	Site ssa.Instruction
	// Go is the first go statement on the way from Site to the op, if any:
	// the op runs in another goroutine than the root function's.
	Go *ssa.Go
	// SpawnCall is set instead of Go when the first goroutine on the way is
	// started by a call that runs a closure on a new goroutine (see
	// Spawner: wg.Go, errgroup's g.Go and g.TryGo).
	SpawnCall *ssa.Call
	// Spawned is set when the op runs in another goroutine than the root
	// function's: Go or SpawnCall is set, or a summarised callee starts
	// that goroutine.
	Spawned bool
	// Deferred is set when a defer on the way delays the op to the return.
	Deferred bool
	// Repeats is set when the op may run more than once per execution of
	// Site: it sits in a loop of its function or of a function between Site
	// and it.
	Repeats bool
	// SiteRepeats is set when Site itself may run more than once per call
	// of the root function: it sits in a cycle of the root's control flow.
	SiteRepeats bool
	// Callee is the function that contains Instr when it is not the root, or
	// the summarised callee of a summary op.
	Callee *ssa.Function
}

// An Escape is a reason the channel may be used by code we cannot see.
type Escape struct {
	Instr ssa.Instruction // may be nil
	Pos   token.Pos
	Why   string
	// Callback is set when the channel escapes only as a free variable of
	// this closure, handed to code we cannot see (a hook, a callback,
	// t.Run): what the closure does to the channel is in
	// Chan.Callbacks; whether and where it runs is unknown.
	Callback *ssa.Function
}

// A Chan is one channel rooted in a function.
type Chan struct {
	// Root is the value the channel comes from: a *ssa.MakeChan, a
	// *ssa.Parameter, or the *ssa.Call of a generator.
	Root  ssa.Value
	Make  *ssa.MakeChan  // non-nil for make(chan T, n)
	Param *ssa.Parameter // non-nil for a channel parameter
	// Gen is the call of a generator function whose result this is.
	Gen *ssa.Call
	// Cap is the buffer size when it is a constant, or -1 when unknown.
	Cap     int64
	Aliases []ssa.Value
	Ops     []*Op
	Escapes []Escape
	// Callbacks are the ops of closures handed to code we cannot see (see
	// Escape.Callback). They are not in Ops: they may run any number of
	// times, in any goroutine, or never (Spawned and Repeats are set).
	Callbacks []*Op

	aliasSet map[ssa.Value]bool
}

// Escaped reports whether the channel may be used by code we cannot see.
func (c *Chan) Escaped() bool { return len(c.Escapes) > 0 }

// IsAlias reports whether v certainly holds the channel.
func (c *Chan) IsAlias(v ssa.Value) bool { return c.aliasSet[v] }

// Name returns a name for the channel in messages: the source variable it
// is assigned to when known, else "channel".
func (c *Chan) Name() string {
	if c.Param != nil {
		return c.Param.Name()
	}
	for _, a := range c.Aliases {
		if l, ok := a.(*ssa.Alloc); ok && l.Comment != "" {
			return l.Comment
		}
	}
	for _, a := range c.Aliases {
		if fv, ok := a.(*ssa.FreeVar); ok {
			return fv.Name()
		}
	}
	if c.Root != nil {
		if name := debugName(c.Root); name != "" {
			return name
		}
	}
	return "channel"
}

// debugName returns the source variable v was assigned to, from DebugRefs
// (present only when SSA was built with debug info) or from the local
// variable v is stored into.
func debugName(v ssa.Value) string {
	for _, r := range ssax.Referrers(v) {
		switch r := r.(type) {
		case *ssa.DebugRef:
			if obj := r.Object(); obj != nil {
				return obj.Name()
			}
		case *ssa.Store:
			if a, ok := r.Addr.(*ssa.Alloc); ok && r.Val == v && a.Comment != "" {
				return a.Comment
			}
		}
	}
	return ""
}

// A Func is the channel life of one function.
type Func struct {
	Fn    *ssa.Function
	Chans []*Chan
}

// ChanOf returns the channel v certainly holds, or nil.
func (f *Func) ChanOf(v ssa.Value) *Chan {
	for _, c := range f.Chans {
		if c.aliasSet[v] {
			return c
		}
	}
	return nil
}

// Result is the Analyzer's result: per-function channel lives and
// summaries, memoised. It is safe for concurrent use.
type Result struct {
	pass *analysis.Pass
	pkg  *ssa.Package

	mu        sync.Mutex
	funcs     map[*ssa.Function]*Func
	summaries map[*ssa.Function]*Summary
	inFlight  map[*ssa.Function]bool
	cycles    cfg.Cycles
	srcs      []*ssa.Function // the package's functions (buildssa's SrcFuncs)
	model     *Package        // see Package, built on first use
}

func newResult(pass *analysis.Pass, pkg *ssa.Package) *Result {
	return &Result{
		pass:      pass,
		pkg:       pkg,
		funcs:     make(map[*ssa.Function]*Func),
		summaries: make(map[*ssa.Function]*Summary),
		inFlight:  make(map[*ssa.Function]bool),
	}
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := newResult(pass, ssainfo.Pkg)
	r.srcs = ssainfo.SrcFuncs
	for _, fn := range ssainfo.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Pkg != r.pkg {
			continue
		}
		s := r.Summary(fn)
		if s != nil && !s.empty() {
			pass.ExportObjectFact(obj, s)
		}
	}
	return r, nil
}

// Func returns the channel life of fn.
func (r *Result) Func(fn *ssa.Function) *Func {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.funcLocked(fn)
}

func (r *Result) funcLocked(fn *ssa.Function) *Func {
	if f, ok := r.funcs[fn]; ok {
		return f
	}
	f := &Func{Fn: fn}
	r.funcs[fn] = f // guards against recursion through generators
	if fn.Blocks == nil {
		return f
	}
	for _, p := range fn.Params {
		if isChan(p.Type()) {
			c := &Chan{Root: p, Param: p, Cap: -1}
			r.walkRoot(fn, c)
			f.Chans = append(f.Chans, c)
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeChan:
				c := &Chan{Root: instr, Make: instr, Cap: constCap(instr.Size)}
				r.walkRoot(fn, c)
				f.Chans = append(f.Chans, c)
			case *ssa.Call:
				if c := r.generatorCall(fn, instr); c != nil {
					f.Chans = append(f.Chans, c)
				}
			}
		}
	}
	return f
}

func constCap(v ssa.Value) int64 {
	if k, ok := v.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
		if n, exact := constant.Int64Val(k.Value); exact && n >= 0 {
			return n
		}
	}
	return -1
}

// isChan reports whether t is a channel type, or a type parameter whose
// every type is a channel.
func isChan(t types.Type) bool {
	return chanType(t) != nil
}

// chanType returns the core channel type of t, or nil.
func chanType(t types.Type) *types.Chan {
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return u
	case *types.Interface:
		tp, ok := t.(*types.TypeParam)
		if !ok {
			return nil
		}
		var core *types.Chan
		n := 0
		for i := 0; i < u.NumEmbeddeds(); i++ {
			un, ok := u.EmbeddedType(i).(*types.Union)
			if !ok {
				continue
			}
			for j := 0; j < un.Len(); j++ {
				ch, ok := un.Term(j).Type().Underlying().(*types.Chan)
				if !ok {
					return nil
				}
				if core != nil && !types.Identical(core.Elem(), ch.Elem()) {
					return nil
				}
				core = ch
				n++
			}
		}
		_ = tp
		if n == 0 {
			return nil
		}
		return core
	}
	return nil
}

// ReceivePoint returns the instruction of the op's goroutine at which the
// receive op has happened: the first instruction of its select case, the
// call or go statement that leads to it (op.Site), or the receive itself;
// for a select case whose body cannot be found, the select. It returns nil
// when op has no site.
func ReceivePoint(op *Op) ssa.Instruction {
	if op.Site == nil {
		return nil
	}
	if op.Site == op.Instr && op.Kind == SelectRecv {
		if entry := CaseEntry(op.Select, op.Case); entry != nil && len(entry.Instrs) > 0 {
			return entry.Instrs[0]
		}
	}
	return op.Site
}

// CaseEntry returns the block that runs first when case i of sel is chosen
// (i == -1: the default case), or nil if it cannot be found. The blocks it
// dominates run only when that case was chosen.
func CaseEntry(sel *ssa.Select, i int) *ssa.BasicBlock {
	var idx ssa.Value
	for _, r := range ssax.Referrers(sel) {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 {
			idx = ex
			break
		}
	}
	if idx == nil {
		return nil
	}
	// go/ssa dispatches with a chain `if idx == k goto body_k else next`.
	ifOf := make(map[int64]*ssa.If)
	for _, r := range ssax.Referrers(idx) {
		bin, ok := r.(*ssa.BinOp)
		if !ok || bin.Op != token.EQL {
			continue
		}
		k, ok := bin.Y.(*ssa.Const)
		if !ok || k.Value == nil {
			continue
		}
		n, _ := constant.Int64Val(k.Value)
		for _, rr := range ssax.Referrers(bin) {
			if iff, ok := rr.(*ssa.If); ok && len(iff.Block().Succs) == 2 {
				ifOf[n] = iff
			}
		}
	}
	if i >= 0 {
		if iff := ifOf[int64(i)]; iff != nil {
			return iff.Block().Succs[0]
		}
		return nil
	}
	if sel.Blocking {
		return nil
	}
	if len(sel.States) == 0 {
		if succs := sel.Block().Succs; len(succs) == 1 {
			return succs[0]
		}
		return nil
	}
	if iff := ifOf[int64(len(sel.States)-1)]; iff != nil {
		return iff.Block().Succs[1]
	}
	return nil
}

// CaseBlocks returns the blocks that run only when case i of sel (-1: the
// default) is chosen: the blocks dominated by its entry.
func CaseBlocks(sel *ssa.Select, i int) []*ssa.BasicBlock {
	entry := CaseEntry(sel, i)
	if entry == nil {
		return nil
	}
	var out []*ssa.BasicBlock
	for _, b := range sel.Parent().Blocks {
		if entry.Dominates(b) {
			out = append(out, b)
		}
	}
	return out
}
