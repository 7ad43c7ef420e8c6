package doubleclose

import (
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

// panicProvoked reports whether the panic at site is the point of the
// code rather than a mistake: its function fn recovers (it defers a call that calls
// recover), or fn is a func literal in test code that panics at site on
// every run, since no path from its entry returns without passing site. Tests do that to check
// the runtime's behaviour, with the call under a recover in a helper:
//
//	cases := []func(){
//		func() { ch := make(chan int); close(ch); close(ch) },
//	}
//	for _, f := range cases {
//		if panicValue(f) == nil { t.Error(...) }
//	}
//
// A test that failed on every run would not have been committed, so the
// panic there is expected.
func (c *checker) panicProvoked(site ssa.Instruction) bool {
	fn := site.Parent()
	if fn == nil {
		return false
	}
	if recovers(fn) {
		return true
	}
	if !c.rep.InTestFile(site.Pos()) || fn.Parent() == nil || len(fn.Blocks) == 0 {
		return false // only a func literal can be handed to a recovering helper
	}
	passes := func(instr ssa.Instruction) bool { return instr == site }
	return cfg.Query{Target: cfg.IsReturn, Avoid: passes}.At(fn.Blocks[0], 0) == nil
}

// recovers reports whether fn defers a call to a function literal that
// calls recover: a panic in fn itself is then caught and handled.
func recovers(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			var lit *ssa.Function
			switch v := d.Call.Value.(type) {
			case *ssa.Function:
				lit = v
			case *ssa.MakeClosure:
				lit, _ = v.Fn.(*ssa.Function)
			}
			if lit != nil && callsRecover(lit) {
				return true
			}
		}
	}
	return false
}

func callsRecover(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if bi, ok := call.Call.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
					return true
				}
			}
		}
	}
	return false
}
