// Package cfg answers the control-flow questions that several leakvet
// analyzers ask of an SSA function: which loop (if any) a block belongs to,
// whether that loop can run its body again, and whether some path leads from
// one instruction to another without passing an instruction of a given set.
//
// Every query is linear or near-linear in the size of the function: loops are
// found once from the dominator tree, and path questions are answered by a
// reachability search that visits each block at most once, never by
// enumerating paths.
package cfg

import (
	"go/constant"
	"go/token"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// A Loop is a natural loop of an SSA function: a header block that dominates
// every block of the body, and at least one back edge from the body to the
// header. Because go/ssa deletes unreachable blocks, a loop exists only if
// its body can actually reach the header again: `for { ...; return }` has no
// back edge and so is not a loop.
type Loop struct {
	Header *ssa.BasicBlock
	// Latches are the blocks whose edge to Header closes the loop.
	Latches []*ssa.BasicBlock
	// Parent is the innermost loop that strictly contains this one, or nil.
	Parent *Loop
	blocks []bool // indexed by BasicBlock.Index
	size   int
}

// Contains reports whether b belongs to the loop's body (header included).
func (l *Loop) Contains(b *ssa.BasicBlock) bool {
	return b != nil && b.Index < len(l.blocks) && l.blocks[b.Index]
}

// Blocks returns the blocks of the loop in index order.
func (l *Loop) Blocks(fn *ssa.Function) []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if l.Contains(b) {
			out = append(out, b)
		}
	}
	return out
}

// Exits returns the blocks outside the loop that a block of the loop jumps
// to, in index order. A loop without exits can only be left by return,
// panic or a call that does not return.
func (l *Loop) Exits(fn *ssa.Function) []*ssa.BasicBlock {
	seen := make(map[*ssa.BasicBlock]bool)
	var out []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if !l.Contains(b) {
			continue
		}
		for _, s := range b.Succs {
			if !l.Contains(s) && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out
}

// Pos returns a position inside the loop for messages: the earliest valid
// instruction position in its blocks, or token.NoPos. Analyzers that can see
// the syntax usually prefer the position of the for statement itself.
func (l *Loop) Pos(fn *ssa.Function) token.Pos {
	best := token.NoPos
	for _, b := range fn.Blocks {
		if !l.Contains(b) {
			continue
		}
		for _, instr := range b.Instrs {
			if p := instr.Pos(); p.IsValid() && (!best.IsValid() || p < best) {
				best = p
			}
		}
	}
	return best
}

// Loops holds the natural loops of one function.
type Loops struct {
	all       []*Loop
	innermost []*Loop // indexed by BasicBlock.Index
}

// FindLoops computes the natural loops of fn. Loops sharing a header are
// merged, as a `continue` adds a second back edge to the same loop.
//
// Irreducible cycles (possible only with goto into a loop) have no natural
// loop; CycleBlocks still sees them.
func FindLoops(fn *ssa.Function) *Loops {
	ls := &Loops{innermost: make([]*Loop, len(fn.Blocks))}
	if len(fn.Blocks) == 0 {
		return ls
	}
	byHeader := make(map[*ssa.BasicBlock]*Loop)
	for _, b := range fn.Blocks {
		for _, s := range b.Succs {
			if !s.Dominates(b) {
				continue
			}
			l := byHeader[s]
			if l == nil {
				l = &Loop{Header: s, blocks: make([]bool, len(fn.Blocks))}
				byHeader[s] = l
				ls.all = append(ls.all, l)
			}
			l.Latches = append(l.Latches, b)
			l.addBody(b)
		}
	}
	// Order from largest to smallest so that assigning innermost loops in
	// that order leaves every block with its smallest enclosing loop.
	sort.SliceStable(ls.all, func(i, j int) bool { return ls.all[i].size > ls.all[j].size })
	for _, l := range ls.all {
		// Natural loops with distinct headers are nested or disjoint, so
		// the smallest loop seen so far at the header is the parent.
		l.Parent = ls.innermost[l.Header.Index]
		for i, in := range l.blocks {
			if in {
				ls.innermost[i] = l
			}
		}
	}
	return ls
}

// addBody adds latch and every block that reaches it without passing the
// header.
func (l *Loop) addBody(latch *ssa.BasicBlock) {
	mark := func(b *ssa.BasicBlock) bool {
		if l.blocks[b.Index] {
			return false
		}
		l.blocks[b.Index] = true
		l.size++
		return true
	}
	mark(l.Header)
	stack := []*ssa.BasicBlock{}
	if mark(latch) {
		stack = append(stack, latch)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range b.Preds {
			if mark(p) {
				stack = append(stack, p)
			}
		}
	}
}

// All returns every loop of the function, outermost first.
func (ls *Loops) All() []*Loop { return ls.all }

// Innermost returns the innermost loop containing b, or nil if b is in no loop.
func (ls *Loops) Innermost(b *ssa.BasicBlock) *Loop {
	if b == nil || b.Index >= len(ls.innermost) {
		return nil
	}
	return ls.innermost[b.Index]
}

// PathExists reports whether some path that starts just after instruction
// from reaches an instruction satisfying target without first passing an
// instruction satisfying avoid. An instruction that satisfies both counts as
// reached. Paths follow the function's control-flow edges only: they do not
// enter callees, and a panic is not an edge.
//
// Each block is entered at most once, so the cost is linear in the number of
// instructions after from.
func PathExists(from ssa.Instruction, target, avoid func(ssa.Instruction) bool) bool {
	return search(from, target, avoid, nil) != nil
}

// search is the reachability walk behind PathExists, PathExistsVia and
// FirstReached: it returns the first instruction satisfying target reached
// from just after from without passing one satisfying avoid, following only
// the edges follow allows (all of them when follow is nil), or nil. It is
// Query.At (depth first) started at the instruction after from.
func search(from ssa.Instruction, target, avoid func(ssa.Instruction) bool, follow func(b *ssa.BasicBlock, succ int) bool) ssa.Instruction {
	b := from.Block()
	if b == nil {
		return nil
	}
	start := Index(from)
	if start < 0 {
		return nil
	}
	found, _ := walk(b, start+1, Query{Target: target, Avoid: avoid, Follow: follow}, false)
	return found
}

// ReturnReachableAvoiding reports whether the function can return normally
// after instruction from without passing an instruction satisfying avoid.
// It is the question "is there a path to the exit on which X never
// happens?", e.g. a return that skips every receive from a channel.
func ReturnReachableAvoiding(from ssa.Instruction, avoid func(ssa.Instruction) bool) bool {
	return PathExists(from, IsReturn, avoid)
}

// IsReturn reports whether instr is a return instruction.
func IsReturn(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.Return)
	return ok
}

// Index returns the position of instr within its block, or -1.
func Index(instr ssa.Instruction) int {
	b := instr.Block()
	if b == nil {
		return -1
	}
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// Encloses reports whether instr belongs to fn or to one of the func
// literals nested in it.
func Encloses(fn *ssa.Function, instr ssa.Instruction) bool {
	for f := instr.Parent(); f != nil; f = f.Parent() {
		if f == fn {
			return true
		}
	}
	return false
}

// Precedes reports whether a is guaranteed to have executed whenever b
// executes: a's block dominates b's, and within one block a comes first.
func Precedes(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil {
		return false
	}
	if ab != bb {
		return ab.Dominates(bb)
	}
	return Index(a) < Index(b)
}

// Unreachable reports whether block b cannot run: go/ssa lowers a blocking
// select into a chain of tests of the chosen index that ends, after the
// last case, in a block that panics ("blocking select matched no case").
// The select always picks one of its cases, so that block is dead, and a
// loop whose only exit leads there never ends.
func Unreachable(b *ssa.BasicBlock) bool {
	if b.Comment != "select.next" || len(b.Instrs) == 0 {
		return false
	}
	p, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	if !ok {
		return false
	}
	mi, ok := p.X.(*ssa.MakeInterface)
	if !ok {
		return false
	}
	c, ok := mi.X.(*ssa.Const)
	return ok && c.Value != nil && c.Value.Kind() == constant.String && constant.StringVal(c.Value) == "blocking select matched no case"
}
