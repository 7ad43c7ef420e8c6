package ctxprop

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// resultOutlives reports whether what call returns (its first result that
// is not an error) outlives the calling function: it is stored in a field,
// a global, a slice or map element, sent on a channel, or kept in a
// variable a closure captures; with returned, also when it is returned. Such a call makes something long-lived
// (a shim process's command, a fifo a copying goroutine reads, a client
// connection): binding it to the context in scope would end it with the
// request that happened to create it, so a context-less call or a fresh
// context there is deliberate.
func resultOutlives(call *ssa.Call, returned bool) bool {
	var start ssa.Value = call
	if tuple, ok := call.Type().(*types.Tuple); ok {
		start = nil
		for i := 0; i < tuple.Len(); i++ {
			if !isErrorType(tuple.At(i).Type()) {
				start = extractOf(call, i)
				break
			}
		}
		if start == nil {
			return false
		}
	} else if isErrorType(call.Type()) {
		return false
	}
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{start}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] || len(seen) >= maxAliases {
			continue
		}
		seen[v] = true
		for _, r := range ssax.Referrers(v) {
			switch r := r.(type) {
			case *ssa.Return:
				if returned {
					return true
				}
			case *ssa.Send, *ssa.MapUpdate:
				return true
			case *ssa.Store:
				if r.Val != v {
					continue
				}
				switch addr := r.Addr.(type) {
				case *ssa.FieldAddr, *ssa.Global, *ssa.IndexAddr:
					return true
				case *ssa.Alloc:
					if capturedVar(addr) {
						return true
					}
				}
			case *ssa.MakeClosure:
				return true
			case *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.ChangeType, *ssa.Phi:
				work = append(work, r.(ssa.Value))
			}
		}
	}
	return false
}

// capturedVar reports whether the local variable a is captured by a
// closure, which may use it after the function returns.
func capturedVar(a *ssa.Alloc) bool {
	if !a.Heap {
		return false
	}
	for _, r := range ssax.Referrers(a) {
		if _, ok := r.(*ssa.MakeClosure); ok {
			return true
		}
	}
	return false
}

// bindsLifetime reports whether the context-taking form of f ties the life
// of what it makes to the context, not only the call's own wait:
// exec.CommandContext kills the process when the context is done. A
// command built without one and handed back to the caller may be a daemon
// that must outlive the request that started it.
func bindsLifetime(f *types.Func) bool {
	return typesx.IsFunc(f, "os/exec", "Command")
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}
