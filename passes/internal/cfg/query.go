package cfg

import "golang.org/x/tools/go/ssa"

// A Query is the general form of the reachability questions this package
// answers (PathExists, PathExistsVia, FirstReached and
// ReturnReachableAvoiding are shorthands for common cases): is there a path
// from a starting point to an instruction satisfying Target that passes no
// instruction satisfying Avoid and takes only edges that Follow allows?
//
// An instruction that satisfies both Target and Avoid counts as reached.
// Paths follow the function's control-flow edges only: they do not enter
// callees, and a panic is not an edge. Each block is entered at most once
// (the starting block at most twice: once from the starting point, once
// from its beginning if a cycle leads back to it), so a query costs time
// linear in the size of the function.
type Query struct {
	// Target selects the instructions sought. A nil Target finds nothing.
	Target func(ssa.Instruction) bool
	// Avoid selects the instructions a path may not pass; nil: none.
	Avoid func(ssa.Instruction) bool
	// Follow says whether a path may leave block b for b.Succs[succ];
	// nil: every edge.
	Follow func(b *ssa.BasicBlock, succ int) bool
	// BreadthFirst visits blocks in order of distance (in blocks) from the
	// start, so the witness is one of the nearest targets and PathAt
	// returns a shortest path to it. Without it the search is depth first,
	// as for PathExists; either way, which witness is returned when there
	// are several is deterministic.
	BreadthFirst bool
}

// At runs the query from the point just before instruction i of block b:
// instruction i is the first one examined, so a start at 0 asks about the
// whole block. i is clamped to [0, len(b.Instrs)]. It returns the first
// target reached, or nil.
func (q Query) At(b *ssa.BasicBlock, i int) ssa.Instruction {
	found, _ := walk(b, i, q, false)
	return found
}

// PathAt is At that also returns a path to the witness: the blocks by which
// the search first entered each block on the way, b first, the witness's
// block last. A witness in b itself (reached from the start, or through a
// cycle back to b) has the path [b]. Both results are nil if no target is
// reached.
func (q Query) PathAt(b *ssa.BasicBlock, i int) (ssa.Instruction, []*ssa.BasicBlock) {
	return walk(b, i, q, true)
}

// walk is the one instruction-level reachability search of the package
// (WalkBlocks is the block-level one, LastBefore the backward one).
func walk(b *ssa.BasicBlock, start int, q Query, wantPath bool) (ssa.Instruction, []*ssa.BasicBlock) {
	if b == nil || q.Target == nil {
		return nil, nil
	}
	start = max(0, min(start, len(b.Instrs)))
	// scan walks instrs and returns the target found, and whether the
	// path stops there (found or blocked).
	scan := func(instrs []ssa.Instruction) (ssa.Instruction, bool) {
		for _, instr := range instrs {
			if q.Target(instr) {
				return instr, true
			}
			if q.Avoid != nil && q.Avoid(instr) {
				return nil, true
			}
		}
		return nil, false
	}
	if found, stop := scan(b.Instrs[start:]); stop {
		if found != nil && wantPath {
			return found, []*ssa.BasicBlock{b}
		}
		return found, nil
	}
	n := len(b.Parent().Blocks)
	seen := make([]bool, n)
	// parent[s] is the block from which s was first pushed (the start
	// block has none); kept only when a path is wanted.
	var parent []*ssa.BasicBlock
	if wantPath {
		parent = make([]*ssa.BasicBlock, n)
	}
	var work []*ssa.BasicBlock
	push := func(from *ssa.BasicBlock) {
		for i, s := range from.Succs {
			if q.Follow != nil && !q.Follow(from, i) {
				continue
			}
			if s.Index < 0 || s.Index >= n {
				continue
			}
			if wantPath && parent[s.Index] == nil && s != b {
				parent[s.Index] = from
			}
			work = append(work, s)
		}
	}
	push(b)
	for len(work) > 0 {
		var s *ssa.BasicBlock
		if q.BreadthFirst {
			s, work = work[0], work[1:]
		} else {
			s, work = work[len(work)-1], work[:len(work)-1]
		}
		if seen[s.Index] {
			continue
		}
		seen[s.Index] = true
		found, stop := scan(s.Instrs)
		if found != nil {
			if !wantPath {
				return found, nil
			}
			return found, PathBack(b, s, func(x *ssa.BasicBlock) *ssa.BasicBlock { return parent[x.Index] })
		}
		if !stop {
			push(s)
		}
	}
	return nil, nil
}

// PathBack returns the path that ends at block to and is traced backwards
// through pred (the block a search or a data-flow pass reached each block
// from) until block from, or until pred returns nil, in path order: from
// (if reached) first, to last. It takes at most len(to.Parent().Blocks)+1
// steps, so a cycle in pred cannot make it loop.
func PathBack(from, to *ssa.BasicBlock, pred func(*ssa.BasicBlock) *ssa.BasicBlock) []*ssa.BasicBlock {
	if to == nil {
		return nil
	}
	limit := len(to.Parent().Blocks)
	var rev []*ssa.BasicBlock
	for x := to; x != nil && len(rev) <= limit; x = pred(x) {
		rev = append(rev, x)
		if x == from {
			break
		}
	}
	out := make([]*ssa.BasicBlock, len(rev))
	for i, x := range rev {
		out[len(rev)-1-i] = x
	}
	return out
}
