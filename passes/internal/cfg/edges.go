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
	b := from.Block()
	if b == nil {
		return false
	}
	start := Index(from)
	if start < 0 {
		return false
	}
	// scan walks instrs and says whether the path ends there (found or
	// blocked) and, if so, whether target was found.
	scan := func(instrs []ssa.Instruction) (stop, found bool) {
		for _, instr := range instrs {
			if target(instr) {
				return true, true
			}
			if avoid(instr) {
				return true, false
			}
		}
		return false, false
	}
	if stop, found := scan(b.Instrs[start+1:]); stop {
		return found
	}
	seen := make([]bool, len(b.Parent().Blocks))
	var stack []*ssa.BasicBlock
	push := func(b *ssa.BasicBlock) {
		for i, s := range b.Succs {
			if follow == nil || follow(b, i) {
				stack = append(stack, s)
			}
		}
	}
	push(b)
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.Index >= len(seen) || seen[s.Index] {
			continue
		}
		seen[s.Index] = true
		stop, found := scan(s.Instrs)
		if found {
			return true
		}
		if !stop {
			push(s)
		}
	}
	return false
}

// OnEveryReturn reports whether every path from fn's entry to a normal
// return passes one of the instructions satisfying at: "does fn always do
// X before it returns?". A function that cannot return normally (it loops
// forever or panics) does it vacuously; a function without a body does not.
func OnEveryReturn(fn *ssa.Function, at func(ssa.Instruction) bool) bool {
	if len(fn.Blocks) == 0 {
		return false
	}
	seen := make([]bool, len(fn.Blocks))
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b.Index] {
			continue
		}
		seen[b.Index] = true
		blocked := false
		for _, instr := range b.Instrs {
			if at(instr) {
				blocked = true
				break
			}
			if IsReturn(instr) {
				return false
			}
		}
		if !blocked {
			stack = append(stack, b.Succs...)
		}
	}
	return true
}
