package cfg

import "golang.org/x/tools/go/ssa"

// A Step tells WalkBlocks what to do after visiting a block.
type Step int

const (
	// Descend continues the walk into the block's successors.
	Descend Step = iota
	// Skip does not continue past the block (it counts as visited).
	Skip
	// Stop ends the whole walk.
	Stop
)

// WalkBlocks is the package's block-level search: depth first from starts
// (the last start first), it calls visit on each block reached and follows
// its successors when visit returns Descend. A block for which visit
// returns Descend is visited once; one for which it returns Skip may be
// visited again from another predecessor (visit decides again; a cheap
// test, e.g. "outside the loop", gives the same answer). It reports
// whether visit stopped the walk. The cost is linear in the number of
// blocks and edges reached.
//
// Use it for questions about blocks (which blocks a loop body reaches,
// whether every branch stays idle); questions about instructions are
// Query's.
func WalkBlocks(starts []*ssa.BasicBlock, visit func(b *ssa.BasicBlock) Step) (stopped bool) {
	if len(starts) == 0 {
		return false
	}
	fn := starts[0].Parent()
	if fn == nil {
		return false
	}
	seen := make([]bool, len(fn.Blocks))
	stack := append([]*ssa.BasicBlock(nil), starts...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == nil || b.Index < 0 || b.Index >= len(seen) || seen[b.Index] {
			continue
		}
		switch visit(b) {
		case Stop:
			return true
		case Skip:
			continue
		}
		seen[b.Index] = true
		stack = append(stack, b.Succs...)
	}
	return false
}

// Reach returns, by block index, the blocks of from's function reachable
// from from (from included) through blocks satisfying within: a block
// that does not satisfy it is neither marked nor passed. A nil within
// allows every block.
func Reach(from *ssa.BasicBlock, within func(*ssa.BasicBlock) bool) []bool {
	if from == nil || from.Parent() == nil {
		return nil
	}
	reach := make([]bool, len(from.Parent().Blocks))
	WalkBlocks([]*ssa.BasicBlock{from}, func(b *ssa.BasicBlock) Step {
		if within != nil && !within(b) {
			return Skip
		}
		reach[b.Index] = true
		return Descend
	})
	return reach
}

// LastBefore is the backward query: it returns, for every path that leads
// to instr (through its function's control-flow edges, backwards from
// instr), the last instruction before instr on that path satisfying
// target, e.g. the stores to a variable that a load may read. Each block
// is scanned at most once, from its end (instr's own block first from just
// before instr, and again from its end if a cycle leads back to it). A path
// that reaches the function's entry without a target contributes nothing.
// ok is false when the walk would scan more than limit instructions: the
// caller should then assume nothing.
func LastBefore(instr ssa.Instruction, target func(ssa.Instruction) bool, limit int) (found []ssa.Instruction, ok bool) {
	b := instr.Block()
	if b == nil {
		return nil, false
	}
	idx := Index(instr)
	if idx < 0 {
		return nil, false
	}
	visited := make([]bool, len(b.Parent().Blocks))
	steps := 0
	var walkBack func(b *ssa.BasicBlock, before int) bool
	walkBack = func(b *ssa.BasicBlock, before int) bool {
		for i := before - 1; i >= 0; i-- {
			if steps++; steps > limit {
				return false
			}
			if target(b.Instrs[i]) {
				found = append(found, b.Instrs[i])
				return true
			}
		}
		for _, p := range b.Preds {
			if p.Index < 0 || p.Index >= len(visited) || visited[p.Index] {
				continue
			}
			visited[p.Index] = true
			if !walkBack(p, len(p.Instrs)) {
				return false
			}
		}
		return true
	}
	if !walkBack(b, idx) {
		return nil, false
	}
	return found, true
}
