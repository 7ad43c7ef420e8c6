package deferloop

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// keptPastIteration reports whether the resource the deferred call
// releases is meant to live longer than the iteration that acquired it:
// it is appended to a slice, stored in a field, map or variable, sent on a
// channel, handed to a goroutine, returned, or used after the loop or by a
// later pass. Then releasing it at the end of the iteration — the usual
// fix — would close something still in use, and deferring to the return
// of the function is the correct choice:
//
//	for _, a := range addrs {
//		cc, err := grpc.NewClient(a)
//		...
//		defer cc.Close()
//		clients = append(clients, cc) // used after the loop
//	}
//
// The resource is what the call operates on (the receiver and arguments,
// or what a deferred func literal captures) and, for a result of a call
// with several results, its siblings: ctx for `ctx, cancel :=
// context.WithTimeout(...)`; `defer cancel()` is fine when ctx is used
// after the loop.
func keptPastIteration(l *cfg.Loop, d *ssa.Defer) bool {
	var resources []ssa.Value
	add := func(v ssa.Value) {
		if instr, ok := v.(ssa.Instruction); ok && l.Contains(instr.Block()) {
			resources = append(resources, v)
		}
	}
	common := d.Call
	switch fn := common.Value.(type) {
	case *ssa.MakeClosure:
		for _, b := range fn.Bindings {
			add(b)
		}
	case *ssa.Function, *ssa.Builtin:
	default:
		add(common.Value) // an interface (invoke) or a func value
	}
	for _, a := range common.Args {
		add(a)
	}
	for _, v := range resources {
		if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
			if cell, ok := load.X.(*ssa.Alloc); ok && l.Contains(cell.Block()) {
				resources = append(resources, cell) // a variable a func literal captures
			}
		}
		if ext, ok := v.(*ssa.Extract); ok {
			// The other results of the acquiring call, but its error: that
			// one says the acquisition failed and is often returned.
			for _, ref := range ssax.Referrers(ext.Tuple) {
				if sib, ok := ref.(*ssa.Extract); ok && sib != ext && !isError(sib.Type()) {
					resources = append(resources, sib)
				}
			}
		}
	}
	for _, v := range resources {
		if usedPastIteration(l, d, v) {
			return true
		}
	}
	return false
}

// usedPastIteration reports whether v, or a conversion of it, is used in
// a way that outlives the pass of loop l that computed it. A captured
// variable (the Alloc a func literal binds) is followed through the
// values stored in it.
func usedPastIteration(l *cfg.Loop, d *ssa.Defer, v ssa.Value) bool {
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{v}
	for len(work) > 0 && len(seen) < 64 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		seen[v] = true
		for _, ref := range ssax.Referrers(v) {
			if ref == ssa.Instruction(d) {
				continue
			}
			if ref.Block() != nil && !l.Contains(ref.Block()) {
				return true // used after the loop
			}
			switch ref := ref.(type) {
			case *ssa.Store:
				if ref.Val != v {
					break // a store into the variable v, not of v
				}
				if cell, ok := ref.Addr.(*ssa.Alloc); ok && l.Contains(cell.Block()) {
					// A variable of this pass (one a func literal
					// captures): follow what is done with the variable.
					work = append(work, cell)
					break
				}
				return true // kept in a field, slice element, global or outer variable
			case *ssa.UnOp:
				if _, ok := v.(*ssa.Alloc); ok && ref.Op == token.MUL {
					work = append(work, ref) // a load of the variable
				}
			case *ssa.MapUpdate, *ssa.Send, *ssa.Return, *ssa.Go:
				return true
			case *ssa.Phi:
				if ref.Block() == l.Header {
					return true // carried to the next pass
				}
				work = append(work, ref)
			case *ssa.MakeClosure:
				if ref != d.Call.Value && startedOrKept(ref) {
					return true // captured by a goroutine or a stored func
				}
			case *ssa.ChangeType, *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.Convert:
				work = append(work, ref.(ssa.Value))
			}
		}
	}
	return false
}

// startedOrKept reports whether the closure is run by a go statement or
// stored somewhere that outlives the call that made it.
func startedOrKept(mc *ssa.MakeClosure) bool {
	for _, ref := range ssax.Referrers(mc) {
		switch ref := ref.(type) {
		case *ssa.Go:
			return true
		case *ssa.Store:
			if ref.Val == ssa.Value(mc) {
				return true
			}
		case *ssa.MapUpdate, *ssa.Send:
			return true
		}
	}
	return false
}

// releasesOnlyOnFailure reports whether the deferred call is a func literal
// whose release calls are conditional: some path through it returns
// without releasing anything. That is the rollback idiom,
//
//	defer func() {
//		if err != nil {
//			l.Close()
//		}
//	}()
//
// which releases only when the function fails and otherwise hands the
// resource on; holding it until the return is the point.
func releasesOnlyOnFailure(d *ssa.Defer) bool {
	var lit *ssa.Function
	switch v := d.Call.Value.(type) {
	case *ssa.Function:
		lit = v
	case *ssa.MakeClosure:
		lit, _ = v.Fn.(*ssa.Function)
	}
	if lit == nil || lit.Parent() == nil || len(lit.Blocks) == 0 {
		return false
	}
	isRelease := func(instr ssa.Instruction) bool {
		c, ok := instr.(ssa.CallInstruction)
		return ok && releaseCall(*c.Common())
	}
	return cfg.Query{Target: cfg.IsReturn, Avoid: isRelease}.At(lit.Blocks[0], 0) != nil
}

var errorType = types.Universe.Lookup("error").Type()

func isError(t types.Type) bool { return types.Identical(t, errorType) }
