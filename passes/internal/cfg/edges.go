package cfg

import "golang.org/x/tools/go/ssa"

// PathExistsVia is PathExists with a say on edges: a path may leave block b
// for its successor b.Succs[i] only if follow(b, i) is true. It answers
// questions such as "is there a path from X to Y that never takes a branch
// guarded by a flag?", where the branch, not an instruction, is what blocks
// the path. A nil follow allows every edge.
//
// As with PathExists, a path that leaves from's block and comes back to it
// reaches the instructions before from too (from itself included), so
// PathExistsVia(x, is(x), ...) asks whether x can run again.
//
// Each block is entered at most once: the cost is linear in the size of the
// function.
func PathExistsVia(from ssa.Instruction, target, avoid func(ssa.Instruction) bool, follow func(b *ssa.BasicBlock, succ int) bool) bool {
	return search(from, target, avoid, follow) != nil
}

// OnEveryReturn reports whether every path from fn's entry to a normal
// return passes one of the instructions satisfying at: "does fn always do
// X before it returns?". A function that cannot return normally (it loops
// forever or panics) does it vacuously; a function without a body does not.
func OnEveryReturn(fn *ssa.Function, at func(ssa.Instruction) bool) bool {
	if len(fn.Blocks) == 0 {
		return false
	}
	q := Query{
		Target: func(instr ssa.Instruction) bool { return IsReturn(instr) && !at(instr) },
		Avoid:  at,
	}
	return q.At(fn.Blocks[0], 0) == nil
}
