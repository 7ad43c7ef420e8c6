package lockset

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// state is the lock state at one point of a function.
type state struct {
	must []Held // held on every path (intersection at merges)
	may  []Held // held on some path (union), one entry per (Mutex, Read, Deferred)
	// mustDefer and mayDefer are the mutexes a deferred unlock will
	// release at return, registered on every / some path.
	mustDefer, mayDefer []Mutex
	// mustRel and mayRel are the mutexes the function unlocked without
	// holding them (its caller's lock), on every / some path.
	mustRel, mayRel []Mutex
	dead            bool // the path ends in a call that does not return
}

func (s *state) clone() *state {
	return &state{
		must:      append([]Held(nil), s.must...),
		may:       append([]Held(nil), s.may...),
		mustDefer: append([]Mutex(nil), s.mustDefer...),
		mayDefer:  append([]Mutex(nil), s.mayDefer...),
		mustRel:   append([]Mutex(nil), s.mustRel...),
		mayRel:    append([]Mutex(nil), s.mayRel...),
	}
}

// maxPasses bounds the fixed point: the lattice is finite (entries come
// from the function's own ops), so real code converges in a few passes.
const maxPasses = 32

// funcLocked computes the lock model of fn; r.mu is held.
func (r *Result) funcLocked(fn *ssa.Function) *Func {
	if f, ok := r.funcs[fn]; ok {
		return f
	}
	f := &Func{Fn: fn, r: r, opsAt: make(map[ssa.Instruction][]*Op), bases: make(map[ssa.Value]bool)}
	r.funcs[fn] = f
	if len(fn.Blocks) == 0 {
		return f
	}
	r.busy[fn] = true
	f.collectOps()
	delete(r.busy, fn)
	if len(f.Ops) == 0 {
		f.OK = true
		return f
	}
	f.OK = f.solve()
	if f.OK {
		f.markFresh()
	}
	return f
}

// collectOps finds the lock operations of f's instructions.
func (f *Func) collectOps() {
	for _, b := range f.Fn.Blocks {
		for _, instr := range b.Instrs {
			var ops []*Op
			switch instr := instr.(type) {
			case *ssa.Call:
				ops = f.r.callOps(instr, &instr.Call, false)
			case *ssa.Defer:
				for _, op := range f.r.callOps(instr, &instr.Call, true) {
					if op.Kind.Releases() {
						ops = append(ops, op)
					}
				}
			}
			if len(ops) == 0 {
				continue
			}
			f.opsAt[instr] = ops
			f.Ops = append(f.Ops, ops...)
			for _, op := range ops {
				if op.Mutex.Base != nil {
					f.bases[op.Mutex.Base] = true
				}
			}
		}
	}
}

// callOps returns the lock operations a call performs: a sync method
// call, or the effects of its callee's summary mapped to the caller's
// values.
func (r *Result) callOps(instr ssa.Instruction, call *ssa.CallCommon, deferred bool) []*Op {
	if kind, recv, ok := SyncCall(call); ok {
		m, ok := MutexOf(recv)
		if !ok {
			return nil
		}
		return []*Op{{Kind: kind, Mutex: m, Instr: instr, Deferred: deferred, Holds: kind.Acquires(), Fresh: kind.Acquires()}}
	}
	callee := call.StaticCallee()
	if callee == nil {
		return nil
	}
	sum := r.summaryLocked(callee)
	if sum == nil {
		return nil
	}
	var ops []*Op
	name := r.relName(callee)
	for _, e := range sum.Locks {
		m, ok := r.mapRoot(instr, call, e)
		if !ok {
			continue
		}
		via := append([]string{name}, e.Via...)
		if len(via) > maxVia {
			via = via[:maxVia]
		}
		mk := func(kind OpKind, holds, fresh bool) *Op {
			return &Op{Kind: kind, Mutex: m, Instr: instr, Deferred: deferred, Callee: callee, Via: via, Holds: holds, Fresh: fresh}
		}
		acq, rel := Lock, Unlock
		if e.Read {
			acq, rel = RLock, RUnlock
		}
		// Order matters: a callee that drops the caller's lock and takes
		// it again releases first.
		if e.Effect&(Releases|Expects) != 0 {
			ops = append(ops, mk(rel, false, false))
		}
		if e.Effect&(Acquires|Holds) != 0 {
			ops = append(ops, mk(acq, e.Effect&Holds != 0, e.Effect&Acquires != 0 && e.Effect&Expects == 0))
		}
	}
	return ops
}

// maxVia bounds the call chains kept for messages.
const maxVia = 4

// solve runs the forward data flow to a fixed point.
func (f *Func) solve() bool {
	blocks := f.Fn.DomPreorder()
	f.entry = make([]*state, len(f.Fn.Blocks))
	f.entry[0] = &state{}
	for pass := 0; pass < maxPasses; pass++ {
		changed := false
		for _, b := range blocks {
			in := f.entry[b.Index]
			if in == nil {
				continue
			}
			s := in.clone()
			for _, instr := range b.Instrs {
				f.transfer(s, instr)
				if s.dead {
					break
				}
			}
			if s.dead {
				continue
			}
			for i, succ := range b.Succs {
				out := f.edge(s, b, i)
				if f.entry[succ.Index] == nil {
					f.entry[succ.Index] = out
					changed = true
					continue
				}
				if meet(f.entry[succ.Index], out) {
					changed = true
				}
			}
		}
		if !changed {
			return true
		}
	}
	f.entry = nil
	return false
}

// transfer applies instr to s.
func (f *Func) transfer(s *state, instr ssa.Instruction) {
	if v, ok := instr.(ssa.Value); ok && f.bases[v] {
		if _, phi := instr.(*ssa.Phi); !phi {
			s.kill(v)
		}
	}
	switch instr := instr.(type) {
	case *ssa.Panic:
		s.dead = true
		return
	case *ssa.Call:
		if noReturn(instr) {
			s.dead = true
			return
		}
	}
	for _, op := range f.opsAt[instr] {
		s.apply(op)
	}
}

// apply applies one op to s.
func (s *state) apply(op *Op) {
	m := op.Mutex
	read := op.Kind.Read()
	switch {
	case op.Deferred:
		if op.Kind.Releases() {
			s.mustDefer = addMutex(s.mustDefer, m)
			s.mayDefer = addMutex(s.mayDefer, m)
			for i := range s.must {
				if s.must[i].Mutex == m {
					s.must[i].Deferred = true
				}
			}
			for i := range s.may {
				if s.may[i].Mutex == m {
					s.may[i].Deferred = true
				}
			}
			s.may = dedupMay(s.may)
		}
	case op.Kind.Acquires():
		if !op.Holds {
			return
		}
		s.must = addHeld(s.must, Held{Mutex: m, Read: read, Deferred: hasMutex(s.mustDefer, m), Op: op})
		s.may = addMay(s.may, Held{Mutex: m, Read: read, Deferred: hasMutex(s.mayDefer, m), Op: op})
	case op.Kind.Releases():
		heldMay := false
		for _, h := range s.may {
			if h.Mutex == m {
				heldMay = true
			}
		}
		if !heldMay {
			s.mustRel = addMutex(s.mustRel, m)
			s.mayRel = addMutex(s.mayRel, m)
		}
		s.must = removeHeld(s.must, m, read)
		s.may = removeHeld(s.may, m, read)
	}
}

// removeHeld removes the entries of m on the given side; an Unlock of a
// lock held only for reading (or the reverse) removes the other side.
func removeHeld(hs []Held, m Mutex, read bool) []Held {
	side := false
	for _, h := range hs {
		if h.Mutex == m && h.Read == read {
			side = true
		}
	}
	out := hs[:0]
	for _, h := range hs {
		if h.Mutex == m && (h.Read == read || !side) {
			continue
		}
		out = append(out, h)
	}
	return out
}

// kill drops what s knows about mutexes reached from v: v is being
// redefined (in a loop, it now names another object).
func (s *state) kill(v ssa.Value) {
	keep := func(m Mutex) bool { return m.Base != v }
	s.must = filterHeld(s.must, keep)
	s.may = filterHeld(s.may, keep)
	s.mustDefer = filterMutex(s.mustDefer, keep)
	s.mayDefer = filterMutex(s.mayDefer, keep)
	s.mustRel = filterMutex(s.mustRel, keep)
	s.mayRel = filterMutex(s.mayRel, keep)
}

// edge returns the state on the edge from b to its i-th successor: a
// TryLock deciding b's branch holds on its success edge, and locks reached
// from a value a phi of the successor receives on this edge are renamed
// to the phi (the lock is handed over: n = next).
func (f *Func) edge(s *state, b *ssa.BasicBlock, i int) *state {
	out := s.clone()
	if op, success := f.tryLockBranch(b); op != nil && i == success {
		read := op.Kind == TryRLock
		out.must = addHeld(out.must, Held{Mutex: op.Mutex, Read: read, Deferred: hasMutex(out.mustDefer, op.Mutex), Op: op})
		out.may = addMay(out.may, Held{Mutex: op.Mutex, Read: read, Deferred: hasMutex(out.mayDefer, op.Mutex), Op: op})
	}
	succ := b.Succs[i]
	pred := -1
	for j, p := range succ.Preds {
		if p == b {
			pred = j
			break
		}
	}
	if pred < 0 {
		return out
	}
	for _, instr := range succ.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if !f.bases[phi] || pred >= len(phi.Edges) {
			continue
		}
		from := phi.Edges[pred]
		out.kill(phi)
		// The lock moves to the phi: after `n = next` the loop knows the
		// node's lock as n.mu only.
		rename := func(m Mutex) Mutex {
			if m.Base == from {
				m.Base = phi
			}
			return m
		}
		for i := range out.must {
			out.must[i].Mutex = rename(out.must[i].Mutex)
		}
		for i := range out.may {
			out.may[i].Mutex = rename(out.may[i].Mutex)
		}
		for _, list := range [][]Mutex{out.mustDefer, out.mayDefer, out.mustRel, out.mayRel} {
			for i := range list {
				list[i] = rename(list[i])
			}
		}
	}
	return out
}

// tryLockBranch returns the TryLock op whose result decides b's If, and
// the index of the successor taken when it succeeded.
func (f *Func) tryLockBranch(b *ssa.BasicBlock) (*Op, int) {
	if len(b.Instrs) == 0 {
		return nil, -1
	}
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, -1
	}
	cond, success := ifInstr.Cond, 0
	for i := 0; i < 4; i++ {
		not, ok := cond.(*ssa.UnOp)
		if !ok || not.Op != token.NOT {
			break
		}
		cond, success = not.X, 1-success
	}
	call, ok := cond.(*ssa.Call)
	if !ok {
		return nil, -1
	}
	for _, op := range f.opsAt[call] {
		if op.Kind == TryLock || op.Kind == TryRLock {
			return op, success
		}
	}
	return nil, -1
}

// meet merges out into in (in = in ⊓ out) and reports whether in changed.
func meet(in, out *state) bool {
	changed := false
	// must: intersection; Deferred only if deferred on both; the earlier op.
	var must []Held
	for _, h := range in.must {
		found := false
		for _, o := range out.must {
			if o.Mutex == h.Mutex && o.Read == h.Read {
				found = true
				if h.Deferred && !o.Deferred {
					h.Deferred = false
					changed = true
				}
				if earlier(o.Op, h.Op) {
					h.Op = o.Op
					changed = true
				}
			}
		}
		if found {
			must = append(must, h)
		} else {
			changed = true
		}
	}
	in.must = must
	for _, o := range out.may {
		n := len(in.may)
		in.may = addMay(in.may, o)
		if len(in.may) != n {
			changed = true
		}
	}
	var ok bool
	if in.mustDefer, ok = intersect(in.mustDefer, out.mustDefer); ok {
		changed = true
	}
	if in.mustRel, ok = intersect(in.mustRel, out.mustRel); ok {
		changed = true
	}
	for _, m := range out.mayDefer {
		if !hasMutex(in.mayDefer, m) {
			in.mayDefer = append(in.mayDefer, m)
			changed = true
		}
	}
	for _, m := range out.mayRel {
		if !hasMutex(in.mayRel, m) {
			in.mayRel = append(in.mayRel, m)
			changed = true
		}
	}
	return changed
}

// earlier reports whether a comes before b in the source (a deterministic
// choice of the op named in messages when two paths took a lock).
func earlier(a, b *Op) bool {
	if a == nil || a == b {
		return false
	}
	if b == nil {
		return true
	}
	return a.Pos() < b.Pos()
}

func intersect(a, b []Mutex) ([]Mutex, bool) {
	out := a[:0:0]
	for _, m := range a {
		if hasMutex(b, m) {
			out = append(out, m)
		}
	}
	return out, len(out) != len(a)
}

func addHeld(hs []Held, h Held) []Held {
	for i := range hs {
		if hs[i].Mutex == h.Mutex && hs[i].Read == h.Read {
			hs[i].Deferred = h.Deferred
			hs[i].Op = h.Op
			return hs
		}
	}
	return append(hs, h)
}

// addMay adds h to a may set, keyed by (Mutex, Read, Deferred), keeping
// the earlier op of two.
func addMay(hs []Held, h Held) []Held {
	for i := range hs {
		if hs[i].Mutex == h.Mutex && hs[i].Read == h.Read && hs[i].Deferred == h.Deferred {
			if earlier(h.Op, hs[i].Op) {
				hs[i].Op = h.Op
			}
			return hs
		}
	}
	return append(hs, h)
}

func dedupMay(hs []Held) []Held {
	var out []Held
	for _, h := range hs {
		out = addMay(out, h)
	}
	return out
}

func addMutex(ms []Mutex, m Mutex) []Mutex {
	if hasMutex(ms, m) {
		return ms
	}
	return append(ms, m)
}

func hasMutex(ms []Mutex, m Mutex) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

func filterHeld(hs []Held, keep func(Mutex) bool) []Held {
	out := hs[:0]
	for _, h := range hs {
		if keep(h.Mutex) {
			out = append(out, h)
		}
	}
	return out
}

func filterMutex(ms []Mutex, keep func(Mutex) bool) []Mutex {
	out := ms[:0]
	for _, m := range ms {
		if keep(m) {
			out = append(out, m)
		}
	}
	return out
}

// markFresh clears Fresh on acquisitions of a mutex the function released
// (its caller's hold) on some path before: they retake the caller's lock.
func (f *Func) markFresh() {
	for _, op := range f.Ops {
		if !op.Fresh {
			continue
		}
		s := f.stateBefore(op.Instr)
		if s == nil {
			continue
		}
		if hasMutex(s.mayRel, op.Mutex) {
			op.Fresh = false
		}
	}
}

// stateBefore replays instr's block up to instr and returns the state
// just before it, or nil if instr is not reached.
func (f *Func) stateBefore(instr ssa.Instruction) *state {
	if !f.OK || f.entry == nil {
		return nil
	}
	b := instr.Block()
	if b == nil || b.Parent() != f.Fn || b.Index >= len(f.entry) || f.entry[b.Index] == nil {
		return nil
	}
	s := f.entry[b.Index].clone()
	for _, x := range b.Instrs {
		if x == instr {
			return s
		}
		f.transfer(s, x)
		if s.dead {
			return nil
		}
	}
	return nil
}

// HeldAt returns the locks held on every path to instr, just before it
// runs (nil if instr is unreachable or the model gave up).
func (f *Func) HeldAt(instr ssa.Instruction) []Held {
	if s := f.stateBefore(instr); s != nil {
		return s.must
	}
	return nil
}

// MayHeldAt returns the locks held on some path to instr, just before it
// runs. A lock may appear twice, with and without Deferred, when a
// deferred unlock covers it on some paths only.
func (f *Func) MayHeldAt(instr ssa.Instruction) []Held {
	if s := f.stateBefore(instr); s != nil {
		return s.may
	}
	return nil
}

// HeldOnEdge returns the locks held on every path along the edge from b
// to b.Succs[i], and those held on some path (a TryLock deciding b's
// branch holds only on its success edge).
func (f *Func) HeldOnEdge(b *ssa.BasicBlock, i int) (must, may []Held) {
	if !f.OK || f.entry == nil || b.Parent() != f.Fn || i < 0 || i >= len(b.Succs) {
		return nil, nil
	}
	if len(b.Instrs) == 0 {
		return nil, nil
	}
	s := f.stateBefore(b.Instrs[len(b.Instrs)-1])
	if s == nil {
		return nil, nil
	}
	f.transfer(s, b.Instrs[len(b.Instrs)-1])
	if s.dead {
		return nil, nil
	}
	out := f.edge(s, b, i)
	return out.must, out.may
}

// ReleasedCallerLock reports whether, on some path to instr, the function
// has unlocked m without holding it: it runs with its caller's lock
// dropped.
func (f *Func) ReleasedCallerLock(instr ssa.Instruction, m Mutex) bool {
	if s := f.stateBefore(instr); s != nil {
		return hasMutex(s.mayRel, m)
	}
	return false
}

// OpsAt returns the lock ops of one instruction of the function.
func (f *Func) OpsAt(instr ssa.Instruction) []*Op { return f.opsAt[instr] }
