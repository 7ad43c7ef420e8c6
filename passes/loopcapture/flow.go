package loopcapture

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// A write is a store, in the function that creates the closure, to a
// captured variable or to one of its fields.
type write struct {
	store *ssa.Store
	// base is the struct pointer of a field write, the variable otherwise.
	base ssa.Value
	// field is the struct field index, or -1 for a write of the variable.
	field int
	// deref is true for a write to a field of the struct the variable
	// points to (s.f = x where s is a captured *T).
	deref bool
}

// writesByBase indexes the stores of fn by the variable they change: *a = x
// under a, a.f = x under a, and p.f = x (p loaded from a) under a.
func writesByBase(fn *ssa.Function) map[ssa.Value][]write {
	ws := make(map[ssa.Value][]write)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			ws[st.Addr] = append(ws[st.Addr], write{store: st, base: st.Addr, field: -1})
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok {
				continue
			}
			ws[fa.X] = append(ws[fa.X], write{store: st, base: fa.X, field: fa.Field})
			if load, ok := fa.X.(*ssa.UnOp); ok && load.Op == token.MUL {
				ws[load.X] = append(ws[load.X], write{store: st, base: fa.X, field: fa.Field, deref: true})
			}
		}
	}
	return ws
}

// A readSet says what a closure reads through one free variable.
type readSet struct {
	value       bool         // the variable itself (conflicts with *a = x)
	allFields   bool         // the whole struct value, or its address escapes
	fields      map[int]bool // a.f
	derefFields map[int]bool // p.f where p is loaded from the variable
	// written is set when the closure also assigns the variable itself:
	// an accumulator or counter it shares with the loop on purpose.
	written bool
}

func (r readSet) empty() bool {
	return !r.value && !r.allFields && len(r.fields) == 0 && len(r.derefFields) == 0
}

// conflict reports whether w changes something the closure reads.
func (r readSet) conflict(w write) bool {
	switch {
	case w.field < 0:
		return r.value || r.allFields || len(r.fields) > 0 || len(r.derefFields) > 0
	case w.deref:
		return r.derefFields[w.field]
	default:
		return r.allFields || r.fields[w.field]
	}
}

// readsOf computes what the closure reads through free variable fv,
// following it into nested func literals.
func readsOf(fv *ssa.FreeVar) readSet {
	r := readSet{fields: make(map[int]bool), derefFields: make(map[int]bool)}
	addReads(&r, fv, 0)
	return r
}

func addReads(r *readSet, v ssa.Value, depth int) {
	escape := func() { r.value, r.allFields = true, true }
	for _, ref := range ssax.Referrers(v) {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if ref.Addr != v || ref.Val == v {
				escape() // the address itself is stored somewhere
				continue
			}
			r.written = true
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				escape()
				continue
			}
			r.value = true
			if _, isPtr := types.Unalias(ref.Type()).Underlying().(*types.Pointer); !isPtr {
				r.allFields = true
				continue
			}
			for _, use := range ssax.Referrers(ref) {
				if fa, ok := use.(*ssa.FieldAddr); ok && fa.X == ref && readsAddr(fa) {
					r.derefFields[fa.Field] = true
				}
			}
		case *ssa.FieldAddr:
			if readsAddr(ref) {
				r.fields[ref.Field] = true
			}
		case *ssa.MakeClosure:
			inner, ok := ref.Fn.(*ssa.Function)
			if !ok || depth >= 4 || len(inner.FreeVars) != len(ref.Bindings) {
				escape()
				continue
			}
			for i, b := range ref.Bindings {
				if b == v {
					addReads(r, inner.FreeVars[i], depth+1)
				}
			}
		default:
			escape()
		}
	}
}

// readsAddr reports whether the field address fa is used for anything but
// being stored to.
func readsAddr(fa *ssa.FieldAddr) bool {
	for _, use := range ssax.Referrers(fa) {
		if st, ok := use.(*ssa.Store); ok && st.Addr == fa && st.Val != fa {
			continue
		}
		if _, ok := use.(*ssa.DebugRef); ok {
			continue
		}
		return true
	}
	return false
}

// structOf returns the struct that pointer p points to, or nil.
func structOf(p ssa.Value) *types.Struct {
	ptr, ok := types.Unalias(p.Type()).Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, _ := ptr.Elem().Underlying().(*types.Struct)
	return st
}

// A laterUse is a place where a closure is handed to something that may
// run it after the current loop iteration: a go or defer statement, a
// function that starts or keeps it, a container, a channel.
type laterUse struct {
	instr ssa.Instruction
	what  string // "the goroutine started", for messages
	// waitable: a receive or Wait in the iteration after instr shows the
	// iteration waits for the closure (true for goroutines, false for
	// defers, which run at return whatever the loop waits for).
	waitable bool
	// container is the root of the slice, map or struct the closure is
	// stored in, nil when the use does not depend on a container.
	container ssa.Value
	// carried is the result of an append of the closure, whose slice must
	// survive the iteration.
	carried ssa.Value
	// atReturn: the closure runs when the function (or test) returns,
	// once the loop is over.
	atReturn bool
	// owner is the receiver of the Go method the closure was passed to,
	// whose Wait waits for it.
	owner ssa.Value
}

// outlives reports whether the closure handed over by u may run after an
// iteration of l has ended.
func (u laterUse) outlives(l *cfg.Loop) bool {
	switch {
	case u.carried != nil:
		return survivesIteration(u.carried, l)
	case u.container != nil:
		if !definedIn(u.container, l) {
			return true
		}
		phi, ok := u.container.(*ssa.Phi)
		return ok && phi.Block() == l.Header
	}
	return true
}

// survivesIteration reports whether v (a slice built in the loop) is
// carried to the next iteration of l or out of it: it reaches a phi of l's
// header, a phi or return outside l, or a store into memory that is not
// created inside l.
func survivesIteration(v ssa.Value, l *cfg.Loop) bool {
	seen := make(map[ssa.Value]bool)
	stack := []ssa.Value{v}
	for len(stack) > 0 && len(seen) < 64 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		for _, ref := range ssax.Referrers(x) {
			switch ref := ref.(type) {
			case *ssa.Phi:
				if ref.Block() == l.Header || !l.Contains(ref.Block()) {
					return true
				}
				stack = append(stack, ref)
			case *ssa.Return:
				return true
			case *ssa.Store:
				if ref.Val == x && !definedIn(root(ref.Addr), l) {
					return true
				}
			}
		}
	}
	return false
}

// root follows field, element and load operations from a memory address or
// reference back to the value it starts from: the variable, parameter or
// allocation that owns it.
func root(v ssa.Value) ssa.Value {
	for range 16 {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.Field:
			v = x.X
		case *ssa.IndexAddr:
			v = x.X
		case *ssa.Index:
			v = x.X
		case *ssa.Slice:
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return v
			}
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		default:
			return v
		}
	}
	return v
}

// laterUses finds where closure (or a func-typed parameter) v is handed to
// something that may run it later. It follows v through conversions and
// phis, and through the varargs array of an append.
func (c *checker) laterUses(v ssa.Value) []laterUse {
	var uses []laterUse
	seen := make(map[ssa.Value]bool)
	stack := []ssa.Value{v}
	for len(stack) > 0 && len(seen) < 32 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		for _, ref := range ssax.Referrers(x) {
			switch ref := ref.(type) {
			case *ssa.Go:
				uses = append(uses, laterUse{instr: ref, what: "the goroutine started", waitable: true})
			case *ssa.Defer:
				uses = append(uses, laterUse{instr: ref, what: "the call deferred", atReturn: true})
			case *ssa.Call:
				if ref.Call.Value == x && !ref.Call.IsInvoke() {
					continue // called here and now
				}
				if u, ok := c.laterCall(ref, x, v); ok {
					uses = append(uses, u)
				}
			case *ssa.Send:
				if ref.X == x {
					uses = append(uses, laterUse{instr: ref, what: "the func sent on a channel", waitable: true})
				}
			case *ssa.MapUpdate:
				if ref.Value == x {
					uses = append(uses, laterUse{instr: ref, what: "the func stored in a map", container: root(ref.Map)})
				}
			case *ssa.Store:
				if ref.Val == x {
					if u, ok := storedUse(ref); ok {
						uses = append(uses, u)
					}
				}
			case *ssa.ChangeType, *ssa.MakeInterface, *ssa.Phi:
				stack = append(stack, ref.(ssa.Value))
			}
		}
	}
	return uses
}

// storedUse classifies a store of a closure: into a field, a slice
// element, a global, or the varargs array of append.
func storedUse(st *ssa.Store) (laterUse, bool) {
	switch addr := st.Addr.(type) {
	case *ssa.Global:
		// One slot, overwritten by every iteration: only the last closure
		// survives, and reading the latest value is what it is for (a
		// test's fake clock: nowFunc = func() time.Time { return tm }).
		return laterUse{}, false
	case *ssa.FieldAddr:
		if !elementOf(addr.X) {
			return laterUse{}, false // one slot, as for a package variable
		}
		return laterUse{instr: st, what: "the func stored in a struct field", container: root(addr.X)}, true
	case *ssa.IndexAddr:
		if a, ok := addr.X.(*ssa.Alloc); ok && a.Comment == "varargs" {
			if res := appendOf(a); res != nil {
				return laterUse{instr: st, what: "the func appended to a slice", carried: res}, true
			}
			return laterUse{}, false // an argument to a variadic call
		}
		if _, ok := addr.X.(*ssa.Alloc); ok {
			return laterUse{}, false // a slice or array literal: follow it no further
		}
		return laterUse{instr: st, what: "the func stored in a slice", container: root(addr.X)}, true
	}
	return laterUse{}, false
}

// elementOf reports whether address p is reached through a slice, array
// or map element, so that each iteration may store to a different slot.
func elementOf(p ssa.Value) bool {
	for range 16 {
		switch x := p.(type) {
		case *ssa.IndexAddr, *ssa.Index, *ssa.Lookup:
			return true
		case *ssa.FieldAddr:
			p = x.X
		case *ssa.Field:
			p = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			p = x.X
		default:
			return false
		}
	}
	return false
}

// appendOf returns the result of append(s, a[:]...) for a varargs array a,
// or nil.
func appendOf(a *ssa.Alloc) ssa.Value {
	for _, ref := range ssax.Referrers(a) {
		sl, ok := ref.(*ssa.Slice)
		if !ok {
			continue
		}
		for _, use := range ssax.Referrers(sl) {
			call, ok := use.(*ssa.Call)
			if !ok {
				continue
			}
			if b, ok := call.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
				return call
			}
		}
	}
	return nil
}
