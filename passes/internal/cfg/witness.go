package cfg

import "golang.org/x/tools/go/ssa"

// FirstReached is PathExists that also names the witness: it returns the
// first instruction satisfying target that some path starting just after
// from reaches without first passing an instruction satisfying avoid, or
// nil if there is none. An instruction that satisfies both counts as
// reached. from itself is reached only if a cycle leads back to it, so a
// caller can ask "does control come back here before X happens?".
//
// The search enters each block at most once (the block of from at most
// twice: once for the rest after from, once from its start), so the cost is
// linear in the size of the function. Which witness is returned when there
// are several is deterministic but otherwise unspecified.
func FirstReached(from ssa.Instruction, target, avoid func(ssa.Instruction) bool) ssa.Instruction {
	b := from.Block()
	if b == nil {
		return nil
	}
	start := Index(from)
	if start < 0 {
		return nil
	}
	// scan walks instrs and returns the target found, and whether the
	// path stops there (found or blocked).
	scan := func(instrs []ssa.Instruction) (ssa.Instruction, bool) {
		for _, instr := range instrs {
			if target(instr) {
				return instr, true
			}
			if avoid(instr) {
				return nil, true
			}
		}
		return nil, false
	}
	if found, stop := scan(b.Instrs[start+1:]); stop {
		return found
	}
	seen := make([]bool, len(b.Parent().Blocks))
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.Index < 0 || s.Index >= len(seen) || seen[s.Index] {
			continue
		}
		seen[s.Index] = true
		found, stop := scan(s.Instrs)
		if found != nil {
			return found
		}
		if !stop {
			stack = append(stack, s.Succs...)
		}
	}
	return nil
}
