// Package lockset is leakvet's lock model: which sync.Mutex and
// sync.RWMutex locks a goroutine holds at each SSA instruction, and what
// each function does to the locks its callers can name. The lock checks
// (doublelock, lockleak, lockorder) and the channel checks that ask "is a
// mutex held at this send?" share it.
//
// # Model
//
// Analyzer is an internal analysis (Required by the analyzers that need
// it, never listed in passes.All) whose Result is a *Result.
// Result.Func(fn) returns a *Func, computed once per function and
// memoised:
//
//   - Identity. A mutex is a Mutex: an access path (a base value, then
//     field names: s.mu, s.conf.mu, &s.Mutex for an embedded mutex) and an
//     abstract Key, the same in every function and package: (named struct
//     type, field path) for a field, the variable for a package variable,
//     or a local. Two operations of one function are on the same mutex when
//     their Mutex values are equal; Keys compare mutexes across functions
//     (lock order) and travel in facts.
//   - Func.Ops: the lock operations of fn: Lock, RLock, Unlock, RUnlock,
//     TryLock and TryRLock calls, deferred unlocks (Op.Deferred), and the
//     lock effects of calls to functions of this package (computed) or of
//     other packages (Summary facts), with Op.Callee and Op.Via naming the
//     call chain down to the Lock.
//   - Held sets. Func.HeldAt(instr) returns the locks held on every path
//     to instr (must-hold: intersection at merges), Func.MayHeldAt those
//     held on some path (union), each with the operation that took it and
//     whether a deferred unlock will release it at return. They come from
//     one forward data-flow pass over the control-flow graph: Lock and
//     RLock add, Unlock and RUnlock remove, TryLock adds on the branch
//     where it succeeded, `defer mu.Unlock()` keeps the lock held but
//     marks it released at return, a call adds the locks its callee
//     returns holding and removes those it releases; `go` statements
//     change nothing. A path ending in a call that never returns (os.Exit,
//     log.Fatal, t.Fatal) or a panic does not reach the merge. Lock
//     handover through a phi (hand-over-hand traversal) follows the value:
//     a lock held on n.mu before `n = next` is not confused with the next
//     node's.
//   - Summaries. Result.Summary(fn) says, per mutex its callers can name
//     (through a parameter or receiver, a closure's free variable, or a
//     package variable), whether fn acquires it (without first releasing
//     a hold of the caller), returns holding it on every return or on some,
//     releases a lock the caller holds, or expects it held (unlocks what it
//     did not lock: the `...Locked` helpers that drop the lock around slow
//     work). Summaries of exported and unexported package-level functions
//     and methods are exported as *Summary facts, so a call into another
//     package is understood.
//
// Every walk is bounded: the fixed point gives up (Func.OK false) after a
// bounded number of passes, summaries are memoised and a recursive call
// sees no summary.
package lockset

import (
	"go/token"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer computes the lock model of the package's functions, exports
// their lock summaries as facts, and gives the lock analyzers a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "lockset",
	Doc:        "internal: locks held at each SSA instruction and lock summaries of functions, shared by leakvet's lock and channel analyzers",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(Summary)},
	ResultType: reflect.TypeFor[*Result](),
}

// A Result is the lock model of one package.
type Result struct {
	pass *analysis.Pass
	pkg  *ssa.Package

	mu        sync.Mutex
	funcs     map[*ssa.Function]*Func
	summaries map[*ssa.Function]*Summary
	imported  map[*ssa.Function]*Summary
	busy      map[*ssa.Function]bool
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := newResult(pass, ssainfo.Pkg)
	if !importsSync(pass) {
		return r, nil
	}
	for _, fn := range ssainfo.SrcFuncs {
		obj := fn.Object()
		if obj == nil || fn.Parent() != nil {
			continue
		}
		if s := r.Summary(fn); s != nil && len(s.Locks) > 0 {
			pass.ExportObjectFact(obj, s)
		}
	}
	return r, nil
}

// importsSync reports whether the package or one of its dependencies
// imports sync: without it no function can lock a mutex.
func importsSync(pass *analysis.Pass) bool {
	seen := make(map[string]bool)
	stack := pass.Pkg.Imports()
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[p.Path()] {
			continue
		}
		seen[p.Path()] = true
		if p.Path() == "sync" {
			return true
		}
		stack = append(stack, p.Imports()...)
	}
	return false
}

func newResult(pass *analysis.Pass, pkg *ssa.Package) *Result {
	return &Result{
		pass:      pass,
		pkg:       pkg,
		funcs:     make(map[*ssa.Function]*Func),
		summaries: make(map[*ssa.Function]*Summary),
		imported:  make(map[*ssa.Function]*Summary),
		busy:      make(map[*ssa.Function]bool),
	}
}

// Func returns the lock model of fn, computing it on first use.
func (r *Result) Func(fn *ssa.Function) *Func {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.funcLocked(fn)
}

// Summary returns the lock summary of fn, a function of the package being
// analyzed (computed) or of another package (from its fact), or nil when
// it has none or is being computed (recursion).
func (r *Result) Summary(fn *ssa.Function) *Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.summaryLocked(fn)
}

// An Op is one lock operation of a function, direct or through a callee.
type Op struct {
	Kind  OpKind
	Mutex Mutex
	// Instr is the instruction of the function that performs the op or
	// leads to it: the *ssa.Call of Lock, the *ssa.Defer of a deferred
	// Unlock, or the call of a callee that locks.
	Instr ssa.Instruction
	// Deferred is set on an op that runs at return (defer mu.Unlock(),
	// defer s.unlock()).
	Deferred bool
	// Callee is set when the op is done by the function called at Instr
	// (or a function it calls, see Via).
	Callee *ssa.Function
	// Via names the functions from Callee down to the one that calls the
	// sync method, Callee first, for messages; empty for a direct op.
	Via []string
	// Holds is set on an acquisition through a callee that returns holding
	// the lock: the caller holds it after the call. A direct Lock or RLock
	// always holds.
	Holds bool
	// Fresh is set on an acquisition that takes a lock the function had
	// not released first: a double lock when it is already held. An
	// acquisition after the function unlocked a lock its caller holds
	// (the `...Locked` helper dropping the lock around slow work) is not
	// fresh.
	Fresh bool
}

// Pos is the position of the op's instruction.
func (op *Op) Pos() token.Pos {
	if op == nil || op.Instr == nil {
		return token.NoPos
	}
	return op.Instr.Pos()
}

// Read reports whether the op is on the reader side of an RWMutex.
func (op *Op) Read() bool { return op.Kind.Read() }

// A Held is a lock held at some point of a function.
type Held struct {
	Mutex Mutex
	Read  bool // held for reading (RLock)
	// Deferred is set when a deferred unlock registered on the way will
	// release it when the function returns.
	Deferred bool
	// Op is the acquisition: a Lock or RLock call, the true branch of a
	// TryLock, or a call of a callee that returns holding it.
	Op *Op
}

// A Func is the lock model of one function.
type Func struct {
	Fn *ssa.Function
	// Ops are the lock operations of the function, in block order.
	Ops []*Op
	// OK is false when the data flow did not converge within its bound;
	// HeldAt and MayHeldAt then return nil.
	OK bool

	r     *Result
	opsAt map[ssa.Instruction][]*Op
	bases map[ssa.Value]bool
	entry []*state // indexed by block index; nil: not reached
}
