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
	return search(from, target, avoid, nil)
}
