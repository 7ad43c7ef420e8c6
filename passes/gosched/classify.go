package gosched

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// An effect says what an instruction does to the progress of a loop.
type effect int

const (
	// idle instructions compute, compare, branch and read memory, but
	// change nothing another part of the program could see and never wait.
	idle effect = iota
	// work is anything that changes state, calls unknown code or might be
	// progress: stores, allocations, sends, calls we know nothing about.
	work
	// blocking instructions wait for an event: a receive, a send, a
	// select without default, time.Sleep, sync.WaitGroup.Wait, ...
	blocking
)

// A readKind says how an idle instruction observes state that another
// goroutine may change.
type readKind int

const (
	noRead    readKind = iota
	plainRead          // an ordinary memory load: racy if nothing else synchronizes it
	syncRead           // an atomic load, sync.Map.Load, len of a channel, ctx.Err()
	chanPoll           // a select with a default case
	clockRead          // time.Now, time.Since, time.Until
)

// A read is one observation of changing state, named for messages.
type read struct {
	kind readKind
	name string // e.g. "s.done", "ready", "ctx.Err()"; "" if unknown
	ctx  bool   // the read is ctx.Err()
	ch   bool   // the read is len(ch)
}

// An instrInfo classifies one instruction.
type instrInfo struct {
	effect effect
	read   read // kind noRead unless the instruction observes shared state
	yields bool // runtime.Gosched
	locks  bool // sync.Mutex / RWMutex Lock, Unlock, RLock, RUnlock
}

// A summary describes a function of the package under analysis as a
// predicate a spin-wait could call: `for !s.closed() {}`.
type summary struct {
	idle  bool // the function only reads and returns, with no loop
	reads []read
	locks bool
}

// maxSummaryDepth bounds how deep callee summaries recurse.
const maxSummaryDepth = 3

// classifier classifies instructions and memoises callee summaries for
// one pass.
type classifier struct {
	pkg       *types.Package
	idx       *astindex.Index
	summaries map[*ssa.Function]*summary
}

func newClassifier(pkg *types.Package, idx *astindex.Index) *classifier {
	return &classifier{pkg: pkg, idx: idx, summaries: make(map[*ssa.Function]*summary)}
}

// callExpr returns the call expression whose opening parenthesis is at
// lparen (the position go/ssa gives a call), or nil. SSA keeps no name for
// a value such as the ctx of `ctx, cancel := ...`; the syntax does.
func (c *classifier) callExpr(lparen token.Pos) *ast.CallExpr {
	return c.idx.Call(lparen)
}

// recvText returns the receiver of the method call at lparen as written
// ("ctx", "s.ctx"), or "".
func (c *classifier) recvText(lparen token.Pos) string {
	if call := c.callExpr(lparen); call != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X)
		}
	}
	return ""
}

// classify returns what instr does; depth is the summary recursion depth.
func (c *classifier) classify(instr ssa.Instruction, depth int) instrInfo {
	switch instr := instr.(type) {
	case *ssa.Jump, *ssa.If, *ssa.Phi, *ssa.BinOp, *ssa.Extract,
		*ssa.FieldAddr, *ssa.IndexAddr, *ssa.Field, *ssa.Index, *ssa.Lookup,
		*ssa.Convert, *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MultiConvert,
		*ssa.SliceToArrayPointer, *ssa.TypeAssert, *ssa.MakeInterface,
		*ssa.Slice, *ssa.DebugRef, *ssa.Return, *ssa.Panic, *ssa.Range:
		return instrInfo{effect: idle}
	case *ssa.UnOp:
		switch instr.Op {
		case token.ARROW:
			return instrInfo{effect: blocking}
		case token.MUL:
			if isLocal(instr.X) {
				return instrInfo{effect: idle} // a function's own result slot
			}
			return instrInfo{effect: idle, read: read{kind: plainRead, name: nameOf(instr.X)}}
		}
		return instrInfo{effect: idle}
	case *ssa.Select:
		if instr.Blocking {
			return instrInfo{effect: blocking}
		}
		return instrInfo{effect: idle, read: read{kind: chanPoll}}
	case *ssa.Send:
		return instrInfo{effect: blocking}
	case *ssa.Call:
		return c.classifyCall(instr.Common(), depth)
	case *ssa.Alloc:
		if depth > 0 && !instr.Heap {
			return instrInfo{effect: idle} // a predicate's result slot (it defers)
		}
		return instrInfo{effect: work}
	case *ssa.Store:
		if depth > 0 && isLocal(instr.Addr) {
			return instrInfo{effect: idle}
		}
		return instrInfo{effect: work}
	case *ssa.Defer:
		// `mu.Lock(); defer mu.Unlock(); return s.done` in a predicate
		// (depth > 0) reads under a mutex. In a loop body a deferred
		// unlock is another bug, deferloop's.
		if depth > 0 && instr.DeferStack == nil {
			if info, ok := classifyStd(instr.Call.StaticCallee(), &instr.Call); ok && info.locks {
				return info
			}
		}
		return instrInfo{effect: work}
	case *ssa.RunDefers:
		if depth > 0 {
			return instrInfo{effect: idle} // only idle defers got this far
		}
		return instrInfo{effect: work}
	}
	// Store, MapUpdate, Alloc, Make*, Go, Defer, RunDefers, Next, ...
	return instrInfo{effect: work}
}

// classifyCall classifies a call by what is known of its callee.
func (c *classifier) classifyCall(call *ssa.CallCommon, depth int) instrInfo {
	if call.IsInvoke() {
		if call.Method.Name() == "Err" && typesx.IsNamed(call.Value.Type(), "context", "Context") {
			recv := nameOf(call.Value)
			if recv == "" {
				recv = c.recvText(call.Pos())
			}
			if recv == "" {
				recv = "ctx"
			}
			return instrInfo{effect: idle, read: read{kind: syncRead, name: recv + ".Err()", ctx: true}}
		}
		return instrInfo{effect: work}
	}
	if b, ok := call.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "len", "cap":
			if len(call.Args) == 1 && isChan(call.Args[0].Type()) {
				return instrInfo{effect: idle, read: read{kind: syncRead, name: b.Name() + "(" + nameOf(call.Args[0]) + ")", ch: true}}
			}
			return instrInfo{effect: idle}
		case "min", "max", "real", "imag", "complex":
			return instrInfo{effect: idle}
		}
		return instrInfo{effect: work}
	}
	fn := call.StaticCallee()
	if fn == nil {
		return instrInfo{effect: work}
	}
	if info, ok := classifyStd(fn, call); ok {
		return info
	}
	if orig := fn.Origin(); orig != nil && (len(fn.Blocks) == 0 || fn.Pkg == nil) {
		// An instance, or its synthetic instantiation wrapper (which has
		// no package): read the generic body instead.
		fn = orig
	}
	if fn.Pkg == nil || fn.Pkg.Pkg != c.pkg || depth >= maxSummaryDepth {
		return instrInfo{effect: work}
	}
	s := c.summarize(fn, depth+1)
	if !s.idle {
		return instrInfo{effect: work}
	}
	info := instrInfo{effect: idle, locks: s.locks}
	// A predicate reads through its callee: name the call, keep the kind
	// that matters most for the message (racy beats synchronized).
	for _, r := range s.reads {
		if r.kind == plainRead || info.read.kind == noRead {
			info.read = r
		}
	}
	if info.read.kind != noRead {
		info.read.name = c.callName(fn, call)
	}
	return info
}

// classifyStd knows the standard library functions a spin-wait uses.
func classifyStd(fn *ssa.Function, call *ssa.CallCommon) (instrInfo, bool) {
	if fn == nil {
		return instrInfo{}, false
	}
	obj, _ := fn.Object().(*types.Func)
	if fn.Origin() != nil {
		obj, _ = fn.Origin().Object().(*types.Func)
	}
	if obj == nil || obj.Pkg() == nil {
		return instrInfo{}, false
	}
	name := obj.Name()
	recv := typesx.RecvTypeName(obj.Signature())
	switch obj.Pkg().Path() {
	case "runtime":
		if name == "Gosched" && recv == "" {
			return instrInfo{effect: idle, yields: true}, true
		}
	case "sync/atomic":
		if recv == "" && len(name) > 4 && name[:4] == "Load" && len(call.Args) == 1 {
			return instrInfo{effect: idle, read: read{kind: syncRead, name: nameOf(call.Args[0])}}, true
		}
		if recv != "" && name == "Load" && len(call.Args) == 1 {
			return instrInfo{effect: idle, read: read{kind: syncRead, name: nameOf(call.Args[0])}}, true
		}
		// CompareAndSwap, Add, Store, Swap, And, Or: the loop changes
		// state (a compare-and-swap retry loop is not a wait).
		return instrInfo{effect: work}, true
	case "sync":
		switch {
		case (recv == "Mutex" || recv == "RWMutex") && (name == "Lock" || name == "Unlock" || name == "RLock" || name == "RUnlock"):
			return instrInfo{effect: idle, locks: true}, true
		case recv == "Map" && name == "Load" && len(call.Args) >= 1:
			return instrInfo{effect: idle, read: read{kind: syncRead, name: nameOf(call.Args[0])}}, true
		}
	case "time":
		switch {
		case recv == "" && (name == "Now" || name == "Since" || name == "Until"):
			return instrInfo{effect: idle, read: read{kind: clockRead, name: "time." + name}}, true
		case recv == "Time" || recv == "Duration":
			switch name {
			case "Before", "After", "Equal", "Compare", "Sub", "IsZero", "Unix", "UnixNano", "UnixMilli", "UnixMicro",
				"Seconds", "Milliseconds", "Microseconds", "Nanoseconds", "Add":
				return instrInfo{effect: idle}, true
			}
		}
	}
	return instrInfo{}, false
}

// summarize decides whether fn is an idle predicate: no loop, no store, no
// call other than idle ones, and it returns.
func (c *classifier) summarize(fn *ssa.Function, depth int) *summary {
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	s := &summary{}
	c.summaries[fn] = s // recursion reads the not-idle placeholder
	if len(fn.Blocks) == 0 || len(fn.Blocks) > 64 {
		return s
	}
	returns := false
	for _, b := range fn.Blocks {
		for _, succ := range b.Succs {
			if succ.Index <= b.Index && succ.Dominates(b) {
				return s // a loop: not a simple predicate
			}
		}
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Return); ok {
				returns = true
			}
			info := c.classify(instr, depth)
			if info.effect != idle || info.yields {
				return s
			}
			if info.read.kind == chanPoll || info.read.kind == clockRead {
				return s // keep summaries to state reads
			}
			if info.read.kind != noRead {
				s.reads = append(s.reads, info.read)
			}
			s.locks = s.locks || info.locks
		}
	}
	// A predicate must read something: a pure function of its arguments
	// is loop-invariant, and the loop around it is no wait.
	s.idle = returns && len(s.reads) > 0
	return s
}

// isLocal reports whether addr is a local variable that go/ssa could not
// lift but that nothing outside the function sees (a result slot of a
// function that defers).
func isLocal(addr ssa.Value) bool {
	a, ok := addr.(*ssa.Alloc)
	return ok && !a.Heap
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// callName renders a call of a package function for messages as written,
// e.g. "s.closed()" or "ready()".
func (c *classifier) callName(fn *ssa.Function, call *ssa.CallCommon) string {
	if e := c.callExpr(call.Pos()); e != nil {
		return types.ExprString(e.Fun) + "()"
	}
	name := fn.Name()
	if fn.Signature.Recv() != nil && len(call.Args) > 0 {
		if recv := nameOf(call.Args[0]); recv != "" {
			return recv + "." + name + "()"
		}
	}
	return name + "()"
}

// nameOf names the variable or location v denotes, for messages: "done",
// "s.done", "flags[]"; "" when it has no useful name. Dereferences are
// transparent, so the address &s.done and the value s.done read the same.
func nameOf(v ssa.Value) string {
	for range 8 { // bounded walk through conversions and dereferences
		switch x := v.(type) {
		case *ssa.Global:
			return x.Name()
		case *ssa.FreeVar:
			return x.Name()
		case *ssa.Parameter:
			return x.Name()
		case *ssa.Alloc:
			return x.Comment
		case *ssa.FieldAddr:
			return join(nameOf(x.X), fieldName(x.X.Type(), x.Field, true))
		case *ssa.Field:
			return join(nameOf(x.X), fieldName(x.X.Type(), x.Field, false))
		case *ssa.IndexAddr:
			if n := nameOf(x.X); n != "" {
				return n + "[...]"
			}
			return ""
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return ""
			}
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Convert:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return ""
		}
	}
	return ""
}

func join(base, field string) string {
	if field == "" {
		return ""
	}
	if base == "" {
		return field
	}
	return base + "." + field
}

// fieldName returns the name of field i of the struct t (or of *t if ptr).
func fieldName(t types.Type, i int, ptr bool) string {
	if ptr {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return ""
		}
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return ""
	}
	return st.Field(i).Name()
}
