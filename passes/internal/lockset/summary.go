package lockset

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// Effect says what a function does to one mutex its callers can name.
type Effect uint8

const (
	// Acquires: the function (or a callee) takes the lock at some point,
	// in the caller's goroutine, without first releasing a hold of the
	// caller. Calling it while holding the lock deadlocks.
	Acquires Effect = 1 << iota
	// Holds: the function returns holding the lock on every return.
	Holds
	// MayHold: the function returns holding the lock on some returns only
	// (a conditional acquire: the caller must look at the result).
	MayHold
	// Releases: the function unlocks a lock its caller holds, on every
	// path, and returns without it.
	Releases
	// Expects: the function unlocks, on some path, a lock it did not take:
	// the caller must hold it (a `...Locked` helper that drops the lock
	// around slow work and takes it again, or an unlock helper).
	Expects
)

var effectNames = []string{"acquires", "holds", "mayHold", "releases", "expects"}

func (e Effect) String() string {
	var parts []string
	for i, n := range effectNames {
		if e&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// RootKind says how a caller names a mutex of a summary.
type RootKind uint8

const (
	NoRoot      RootKind = iota // not nameable by the caller: only the Key counts
	ParamRoot                   // reached from parameter Index (a method's receiver is 0)
	FreeVarRoot                 // reached from the closure's free variable Index
	GlobalRoot                  // reached from the package variable Global
	ResultRoot                  // reached from result Index (a locked object returned)
)

// A Root is how a caller of a function reaches a mutex the function
// locks: from an argument, a free variable, a package variable or a
// result, then through the fields of Path.
type Root struct {
	Kind   RootKind
	Index  int
	Global string // package path and name, "example.com/p.mu", for GlobalRoot
	Path   string // field names from the root, "mu", "conf.mu"; empty when the root is the mutex
}

func (r Root) String() string {
	var s string
	switch r.Kind {
	case ParamRoot:
		s = fmt.Sprintf("p%d", r.Index)
	case FreeVarRoot:
		s = fmt.Sprintf("fv%d", r.Index)
	case GlobalRoot:
		s = r.Global
	case ResultRoot:
		s = fmt.Sprintf("r%d", r.Index)
	default:
		s = "?"
	}
	if r.Path != "" {
		s += "." + r.Path
	}
	return s
}

// A LockEffect is what a function does to one side (reader or writer) of
// one mutex its callers can name.
type LockEffect struct {
	Root   Root
	Key    Key
	RW     bool // the mutex is a sync.RWMutex
	Read   bool // the reader side (RLock / RUnlock)
	Effect Effect
	// Via names the functions below this one on the way to the sync call
	// that acquires (for Acquires or Holds), outermost first; empty when
	// the function calls Lock itself.
	Via []string
}

// A Summary is the lock behaviour of a function as its callers see it,
// exported as a fact on package-level functions and methods that have one.
type Summary struct {
	Locks []LockEffect
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	var parts []string
	for _, e := range s.Locks {
		side := ""
		if e.Read {
			side = "(r)"
		}
		part := fmt.Sprintf("%s%s[%s]=%s", e.Root, side, e.Key, e.Effect)
		if len(e.Via) > 0 {
			part += " via " + strings.Join(e.Via, ",")
		}
		parts = append(parts, part)
	}
	return "lockset(" + strings.Join(parts, " ") + ")"
}

// summaryLocked returns fn's summary; r.mu is held.
func (r *Result) summaryLocked(fn *ssa.Function) *Summary {
	if fn.Origin() != nil {
		fn = fn.Origin() // an instance of a generic function: its body
	}
	if s, ok := r.summaries[fn]; ok {
		return s
	}
	if fn.Pkg != r.pkg {
		return r.importedSummary(fn)
	}
	if r.busy[fn] {
		return nil // recursion: the outer computation decides
	}
	f := r.funcLocked(fn)
	s := f.summarize()
	r.summaries[fn] = s
	return s
}

// importedSummary returns the fact of fn, a function of another package.
func (r *Result) importedSummary(fn *ssa.Function) *Summary {
	if s, ok := r.imported[fn]; ok {
		return s
	}
	var s *Summary
	if obj := fn.Object(); obj != nil && r.pass != nil && obj.Pkg() != nil && obj.Pkg() != r.pass.Pkg {
		fact := new(Summary)
		if r.pass.ImportObjectFact(obj, fact) {
			s = fact
		}
	}
	r.imported[fn] = s
	return s
}

// summarize computes the summary of f's function from its model.
func (f *Func) summarize() *Summary {
	if !f.OK || len(f.Ops) == 0 {
		return nil
	}
	var returns []*state
	var rets []*ssa.Return
	for _, b := range f.Fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if s := f.stateBefore(ret); s != nil {
				returns = append(returns, s)
				rets = append(rets, ret)
			}
		}
	}
	type side struct {
		m    Mutex
		read bool
	}
	var order []side
	effects := make(map[side]*LockEffect)
	get := func(m Mutex, read bool) *LockEffect {
		k := side{m, read}
		if e := effects[k]; e != nil {
			return e
		}
		e := &LockEffect{Key: m.Key, RW: m.RW, Read: read}
		effects[k] = e
		order = append(order, k)
		return e
	}
	for _, op := range f.Ops {
		if op.Kind == TryLock || op.Kind == TryRLock {
			continue
		}
		e := get(op.Mutex, op.Kind.Read())
		if op.Kind.Acquires() && !op.Deferred && op.Fresh && e.Effect&Acquires == 0 {
			e.Effect |= Acquires
			e.Via = op.Via
		}
	}
	for _, k := range order {
		e := effects[k]
		holdsAll, holdsSome := len(returns) > 0, false
		releasesAll, expects := len(returns) > 0, false
		for _, s := range returns {
			mustHeld := false
			for _, h := range s.must {
				if h.Mutex == k.m && h.Read == k.read && !h.Deferred {
					mustHeld = true
				}
			}
			mayHeld, mayHeldDeferred, anyHeld := false, false, false
			for _, h := range s.may {
				if h.Mutex != k.m {
					continue
				}
				anyHeld = true
				if h.Read == k.read {
					if h.Deferred {
						mayHeldDeferred = true
					} else {
						mayHeld = true
					}
				}
			}
			if !mustHeld || mayHeldDeferred {
				holdsAll = false
			}
			if mayHeld {
				holdsSome = true
			}
			if hasMutex(s.mayRel, k.m) {
				expects = true
			}
			if !hasMutex(s.mustRel, k.m) || anyHeld {
				releasesAll = false
			}
		}
		switch {
		case holdsAll:
			e.Effect |= Holds
		case holdsSome:
			e.Effect |= MayHold
		}
		if expects {
			e.Effect |= Expects
		}
		if releasesAll && k.read == f.unlockSide(k.m) {
			e.Effect |= Releases
		}
		if e.Effect&Expects != 0 && k.read != f.unlockSide(k.m) && e.Effect&(Acquires|Holds|MayHold) == 0 {
			e.Effect &^= Expects
		}
	}
	s := &Summary{}
	for _, k := range order {
		e := effects[k]
		if e.Effect == 0 {
			continue
		}
		root, ok := f.rootOf(k.m, rets, returns)
		if !ok {
			continue
		}
		e.Root = root
		if root.Kind == NoRoot || root.Kind == ResultRoot {
			// The caller cannot name the object before the call: only
			// what it holds after the call (a result) or the key (for
			// lock order) counts.
			if root.Kind == NoRoot {
				e.Effect &= Acquires
			} else {
				e.Effect &= Acquires | Holds
			}
			if e.Effect == 0 || (root.Kind == NoRoot && e.Key.Kind == LocalKey) {
				continue
			}
		}
		s.Locks = append(s.Locks, *e)
	}
	if len(s.Locks) == 0 {
		return nil
	}
	sort.SliceStable(s.Locks, func(i, j int) bool {
		a, b := s.Locks[i], s.Locks[j]
		if a.Root.String() != b.Root.String() {
			return a.Root.String() < b.Root.String()
		}
		if a.Key != b.Key {
			return a.Key.String() < b.Key.String()
		}
		return !a.Read && b.Read
	})
	return s
}

// unlockSide reports whether the function's unlocks of m it did not take
// are RUnlocks (true) or Unlocks (false).
func (f *Func) unlockSide(m Mutex) bool {
	for _, op := range f.Ops {
		if op.Mutex == m && op.Kind.Releases() {
			return op.Kind.Read()
		}
	}
	return false
}

// rootOf says how f's callers name m.
func (f *Func) rootOf(m Mutex, rets []*ssa.Return, returns []*state) (Root, bool) {
	switch base := m.Base.(type) {
	case *ssa.Parameter:
		for i, p := range f.Fn.Params {
			if p == base {
				return Root{Kind: ParamRoot, Index: i, Path: m.Path}, true
			}
		}
	case *ssa.FreeVar:
		for i, fv := range f.Fn.FreeVars {
			if fv == base {
				return Root{Kind: FreeVarRoot, Index: i, Path: m.Path}, true
			}
		}
	case *ssa.Global:
		if base.Pkg != nil {
			return Root{Kind: GlobalRoot, Global: base.Pkg.Pkg.Path() + "." + base.Name(), Path: m.Path}, true
		}
	case nil:
		return Root{Kind: NoRoot}, true
	case *ssa.Alloc:
		if base.Heap || base.Parent() == f.Fn {
			// A variable or new object of this function: no caller can
			// hold its lock, unless the object is returned (below).
			if r, ok := f.resultRoot(m, rets, returns); ok {
				return r, true
			}
			return Root{}, false
		}
	}
	if r, ok := f.resultRoot(m, rets, returns); ok {
		return r, true
	}
	return Root{Kind: NoRoot}, true
}

// resultRoot reports whether every return that holds m returns its base
// at one index: a locked object handed to the caller.
func (f *Func) resultRoot(m Mutex, rets []*ssa.Return, returns []*state) (Root, bool) {
	// A locked object returned to the caller: every return that holds m
	// returns its base at one index.
	index := -1
	for i, ret := range rets {
		held := false
		for _, h := range returns[i].must {
			if h.Mutex == m {
				held = true
			}
		}
		if !held {
			continue
		}
		found := -1
		for j, v := range ret.Results {
			if v == m.Base {
				found = j
			}
		}
		if found < 0 || (index >= 0 && found != index) {
			index = -2
			break
		}
		index = found
	}
	if index >= 0 {
		return Root{Kind: ResultRoot, Index: index, Path: m.Path}, true
	}
	return Root{}, false
}

// mapRoot returns the mutex a caller's call names by the effect's root.
func (r *Result) mapRoot(instr ssa.Instruction, call *ssa.CallCommon, e LockEffect) (Mutex, bool) {
	var v ssa.Value
	switch e.Root.Kind {
	case NoRoot:
		return Mutex{Key: e.Key, RW: e.RW}, true
	case ParamRoot:
		if e.Root.Index >= len(call.Args) {
			return Mutex{}, false
		}
		v = call.Args[e.Root.Index]
	case FreeVarRoot:
		mc, ok := call.Value.(*ssa.MakeClosure)
		if !ok || e.Root.Index >= len(mc.Bindings) {
			return Mutex{}, false
		}
		v = mc.Bindings[e.Root.Index]
		if alloc, ok := v.(*ssa.Alloc); ok && isPtrToPtr(alloc.Type()) {
			// A variable captured by reference: the closure reads
			// through its cell, the caller names the stored value.
			if stored := chanflow.StoredOnce(alloc); stored != nil {
				v = stored
			} else {
				return Mutex{}, false
			}
		}
	case GlobalRoot:
		g := r.global(e.Root.Global)
		if g == nil {
			return Mutex{}, false
		}
		v = g
	case ResultRoot:
		v = resultValue(instr, e.Root.Index)
		if v == nil {
			return Mutex{}, false
		}
	default:
		return Mutex{}, false
	}
	if e.Root.Path == "" {
		return MutexOf(v)
	}
	if e.Key.Kind == LocalKey {
		return Mutex{}, false
	}
	p := walkPath(v)
	path := e.Root.Path
	if len(p.names) > 0 {
		path = strings.Join(p.names, ".") + "." + path
	}
	return Mutex{Key: e.Key, Base: p.base, Path: path, RW: e.RW}, true
}

// isPtrToPtr reports whether t is a pointer to a pointer.
func isPtrToPtr(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Pointer)
	return ok
}

// global finds the package variable named "pkgpath.name".
func (r *Result) global(qualified string) *ssa.Global {
	i := strings.LastIndex(qualified, ".")
	if i < 0 || r.pkg == nil {
		return nil
	}
	path, name := qualified[:i], qualified[i+1:]
	pkg := r.pkg
	if pkg.Pkg.Path() != path {
		pkg = r.pkg.Prog.ImportedPackage(path)
	}
	if pkg == nil {
		return nil
	}
	g, _ := pkg.Members[name].(*ssa.Global)
	return g
}

// resultValue returns the value of result i of the call instr: the call
// itself for a single result, else its Extract; nil for a defer or go.
func resultValue(instr ssa.Instruction, i int) ssa.Value {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return nil
	}
	if c.Call.Signature().Results().Len() == 1 {
		if i == 0 {
			return c
		}
		return nil
	}
	for _, ref := range ssax.Referrers(c) {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == i {
			return ex
		}
	}
	return nil
}

// relName names fn for messages, qualified relative to the package
// being analyzed: (*Server).remove, (*lib.Pool).Put.
func (r *Result) relName(fn *ssa.Function) string {
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	if r.pkg != nil {
		return fn.RelString(r.pkg.Pkg)
	}
	return fn.String()
}
