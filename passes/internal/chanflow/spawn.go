package chanflow

import (
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// ErrgroupPath is the import path of golang.org/x/sync/errgroup, recognised
// by path so that leakvet needs no dependency on it.
const ErrgroupPath = "golang.org/x/sync/errgroup"

// Spawner reports whether call runs its function argument on a new
// goroutine, as a go statement does: (*sync.WaitGroup).Go (Go 1.25),
// (*errgroup.Group).Go and (*errgroup.Group).TryGo. It returns the group
// (the receiver) and the method name. TryGo starts the goroutine only when
// it returns true.
func Spawner(call ssa.CallInstruction) (group ssa.Value, method string, ok bool) {
	common := call.Common()
	if common.IsInvoke() || len(common.Args) != 2 {
		return nil, "", false
	}
	pkg, typ, name := typesx.MethodOf(ssax.Callee(common))
	switch {
	case pkg == "sync" && typ == "WaitGroup" && name == "Go",
		pkg == ErrgroupPath && typ == "Group" && (name == "Go" || name == "TryGo"):
		return common.Args[0], name, true
	}
	return nil, "", false
}

// IsGroupWait reports whether call is (*sync.WaitGroup).Wait or
// (*errgroup.Group).Wait, and returns the group.
func IsGroupWait(call ssa.CallInstruction) (group ssa.Value, ok bool) {
	common := call.Common()
	if common.IsInvoke() || len(common.Args) != 1 {
		return nil, false
	}
	pkg, typ, name := typesx.MethodOf(ssax.Callee(common))
	if name == "Wait" && (pkg == "sync" && typ == "WaitGroup" || pkg == ErrgroupPath && typ == "Group") {
		return common.Args[0], true
	}
	return nil, false
}

// spawnsArg reports whether call is a Spawner call whose function argument
// is f.
func spawnsArg(call *ssa.Call, f ssa.Value) bool {
	if _, _, ok := Spawner(call); !ok {
		return false
	}
	return call.Call.Args[1] == f
}

// SameGroup reports whether a and b certainly hold the same group (the
// receiver of a Spawner or IsGroupWait call): the same value, loads of a
// local variable stored once (a variable captured by a closure), or the
// same field of such values (&s.wg).
func SameGroup(a, b ssa.Value) bool {
	for i := 0; i < 4 && a != nil && b != nil; i++ { // bounded: fields of fields
		a, b = cellValue(a), cellValue(b)
		if a == b {
			return true
		}
		fa, ok1 := a.(*ssa.FieldAddr)
		fb, ok2 := b.(*ssa.FieldAddr)
		if !ok1 || !ok2 || fa.Field != fb.Field {
			return false
		}
		a, b = fa.X, fb.X
	}
	return false
}

// DistinctGroups reports whether a and b certainly hold different groups:
// two different local variables (`var g1, g2 errgroup.Group`), or the
// results of two different calls (errgroup.WithContext).
func DistinctGroups(a, b ssa.Value) bool {
	a, b = cellValue(a), cellValue(b)
	if a == b {
		return false
	}
	return fresh(a) && fresh(b)
}

func fresh(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return true
	case *ssa.Extract:
		_, call := v.Tuple.(*ssa.Call)
		return call
	case *ssa.Call:
		return true
	}
	return false
}

// StartedFunction returns the function a goroutine-starting instruction
// runs: the callee of a go statement, or the function passed to wg.Go,
// g.Go or g.TryGo (see Spawner). It returns nil when that is not a
// function or closure known here.
func StartedFunction(site ssa.Instruction) *ssa.Function {
	var started ssa.Value
	switch site := site.(type) {
	case *ssa.Go:
		started = site.Call.Value
	case *ssa.Call:
		if _, _, ok := Spawner(site); ok && len(site.Call.Args) == 2 {
			started = site.Call.Args[1]
		}
	}
	switch v := started.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn
	}
	return nil
}
