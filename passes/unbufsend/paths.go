package unbufsend

import (
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// A point is a place in a function: before instruction index i of block b.
type point struct {
	b *ssa.BasicBlock
	i int
}

// graph is a function's CFG with the points a path may not cross (the
// receives, the no-return calls) and the edges it may not take.
type graph struct {
	fn *ssa.Function
	// cut maps a block to the index of its first instruction a path may not
	// pass (0: the block may not be entered).
	cut map[*ssa.BasicBlock]int
	// noEdge holds the edges (from, succ index) a path may not take.
	noEdge map[edge]bool
	// remake is the make of the channel when it can run again (a channel
	// made in a loop): reaching it again ends this channel's life, as a
	// return does, since the variable then holds a new channel.
	remake ssa.Instruction
}

type edge struct {
	b *ssa.BasicBlock
	i int
}

func newGraph(fn *ssa.Function) *graph {
	g := &graph{fn: fn, cut: make(map[*ssa.BasicBlock]int), noEdge: make(map[edge]bool)}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			if noReturn(instr) {
				g.cutAt(b, i)
				break
			}
		}
	}
	return g
}

// cutAt forbids paths to pass instruction i of b.
func (g *graph) cutAt(b *ssa.BasicBlock, i int) {
	if old, ok := g.cut[b]; !ok || i < old {
		g.cut[b] = i
	}
}

func (g *graph) cutInstr(instr ssa.Instruction) {
	if b := instr.Block(); b != nil {
		if i := cfg.Index(instr); i >= 0 {
			g.cutAt(b, i)
		}
	}
}

// isCut reports whether instr is the first instruction of its block that a
// path may not pass. Only that one counts: a path that starts past it has
// the rest of the block free.
func (g *graph) isCut(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil {
		return false
	}
	c, ok := g.cut[b]
	return ok && c >= 0 && c < len(b.Instrs) && b.Instrs[c] == instr
}

// returnFrom searches a path from p to an exit (a return, or the make of a
// channel made in a loop run again) that passes no cut, and returns the
// exit and the blocks of the path (p's block first), or nil.
// The search is breadth first, so the path is a shortest one.
//
// With throughCut, a cut exactly at p does not stop the path: p is the
// receive the path starts from.
func (g *graph) returnFrom(p point, throughCut bool) (ssa.Instruction, []*ssa.BasicBlock) {
	if p.b == nil {
		return nil, nil
	}
	var exempt ssa.Instruction
	if throughCut && p.i >= 0 && p.i < len(p.b.Instrs) {
		exempt = p.b.Instrs[p.i]
	}
	cut := func(instr ssa.Instruction) bool { return instr != exempt && g.isCut(instr) }
	q := cfg.Query{
		Target:       func(instr ssa.Instruction) bool { return g.isExit(instr) && !cut(instr) },
		Avoid:        cut,
		Follow:       func(b *ssa.BasicBlock, i int) bool { return !g.noEdge[edge{b, i}] },
		BreadthFirst: true,
	}
	found, path := q.PathAt(p.b, p.i)
	if found == nil {
		return nil, nil
	}
	if found.Block() == p.b && cfg.Index(found) < p.i {
		// Reached through a cycle back to p's block (the make of a
		// channel made in a loop): PathAt names only that block; find
		// the way round, for the messages that describe it.
		for i, s := range p.b.Succs {
			if g.noEdge[edge{p.b, i}] {
				continue
			}
			if f, rest := q.PathAt(s, 0); f == found {
				return found, append([]*ssa.BasicBlock{p.b}, rest...)
			}
		}
	}
	return found, path
}

// isExit reports whether instr ends the channel's life: a return, or the
// make run again.
func (g *graph) isExit(instr ssa.Instruction) bool {
	return cfg.IsReturn(instr) || (g.remake != nil && instr == g.remake)
}

// after returns the point just after instr.
func after(instr ssa.Instruction) point {
	return point{instr.Block(), cfg.Index(instr) + 1}
}

// noReturn reports whether instr ends the paths through it for this
// check: a panic, a call that never returns (ssax: go/ssa and ctrlflow
// know os.Exit, log.Fatal, runtime.Goexit...), or a call that stops the
// running test or marks it failed: those paths end the program or belong
// to a test that has already failed, where a leaked goroutine does not
// matter.
func noReturn(instr ssa.Instruction) bool {
	if _, isPanic := instr.(*ssa.Panic); isPanic {
		return true
	}
	return ssax.NeverReturns(instr) || ssax.StopsTest(instr) || ssax.FailsTest(instr)
}
