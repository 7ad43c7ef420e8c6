package unbufsend

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// Goroutines started by wg.Go(f) or errgroup's g.Go(f) are waited for by
// g.Wait(). A Wait in the parent between the spawn and the receive does
// not let the path leak the sender: the parent blocks in Wait instead. The
// leak checks therefore do not cross such a Wait, and checkWaitDeadlock
// reports the case where every path waits before receiving.

// groupOf returns the group (wg, g) whose Go or TryGo call site is, or nil.
func groupOf(site ssa.Instruction) (ssa.Value, string) {
	call, ok := site.(*ssa.Call)
	if !ok {
		return nil, ""
	}
	g, method, ok := chanflow.Spawner(call)
	if !ok {
		return nil, ""
	}
	return g, method
}

// triedSpawn reports whether op runs in a goroutine started by g.TryGo
// whose result the function looks at: the goroutine may not exist, and
// which paths start it depends on the result.
func triedSpawn(op *chanflow.Op) bool {
	sc := op.SpawnCall
	if sc == nil {
		return false
	}
	if _, method, ok := chanflow.Spawner(sc); !ok || method != "TryGo" {
		return false
	}
	for _, r := range ssax.Referrers(sc) {
		if _, dbg := r.(*ssa.DebugRef); !dbg {
			return true
		}
	}
	return false
}

// groupWaits returns the calls of fn that may wait for the group of a
// spawn of the channel, and one of them that is deferred, if any.
func (k *checker) groupWaits() (waits map[ssa.Instruction]bool, deferred ssa.Instruction) {
	var groups []ssa.Value
	for _, s := range k.spawns {
		if g, _ := groupOf(s.site); g != nil {
			groups = append(groups, g)
		}
	}
	if len(groups) == 0 {
		return nil, nil
	}
	waits = make(map[ssa.Instruction]bool)
	for _, b := range k.fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			g, ok := chanflow.IsGroupWait(call)
			if !ok {
				continue
			}
			for _, sg := range groups {
				// A Wait that may be on a sender's group counts: the
				// leak checks stay silent past it.
				if !chanflow.DistinctGroups(g, sg) {
					switch instr.(type) {
					case *ssa.Call:
						waits[instr] = true
					case *ssa.Defer:
						deferred = instr
					}
					break
				}
			}
		}
	}
	return waits, deferred
}

// checkWaitDeadlock reports an unbuffered channel sent on by a goroutine
// started with g.Go (or wg.Go) when every path from that call reaches
// g.Wait() before any receive: Wait waits for the goroutine, which waits
// for the receive that comes after Wait.
func (k *checker) checkWaitDeadlock(waits map[ssa.Instruction]bool) bool {
	if k.c.Cap != 0 || len(waits) == 0 {
		return false
	}
	recvAt := make(map[point]bool)
	for _, op := range k.recvs {
		if p, ok := recvPoint(op); ok {
			recvAt[p] = true
		}
	}
	for l := range k.recvLoops {
		recvAt[point{l.Header, 0}] = true
	}
	for _, s := range k.spawns {
		g, _ := groupOf(s.site)
		if g == nil {
			continue
		}
		wait := k.waitsBeforeRecv(after(s.site), g, waits, recvAt)
		if wait == nil {
			continue
		}
		name := k.name()
		gname := groupName(k, wait)
		fix := k.bufferFor(s)
		rest := "receive from " + name + " before waiting"
		if fix != "" {
			rest += ", or give " + name + " a buffer of " + fix
		}
		k.report(k.sendPos(s.send), fix, "deadlock: %s.Wait at line %d waits for the goroutine that blocks sending on unbuffered channel %s, which is only received after it; %s",
			gname, k.lineOf(wait.Pos(), "the Wait"), name, rest)
		return true
	}
	return false
}

// waitsBeforeRecv returns a Wait on group g that every path from p
// reaches before any receive or return, or nil. Of several, it returns one
// nearest to p.
func (k *checker) waitsBeforeRecv(p point, g ssa.Value, waits map[ssa.Instruction]bool, recvAt map[point]bool) ssa.Instruction {
	if p.b == nil || k.deadEntries[p.b] {
		return nil
	}
	recvs := make(map[ssa.Instruction]bool, len(recvAt))
	for rp := range recvAt {
		if rp.b != nil && rp.i >= 0 && rp.i < len(rp.b.Instrs) {
			recvs[rp.b.Instrs[rp.i]] = true
		}
	}
	isWait := func(instr ssa.Instruction) bool {
		if !waits[instr] {
			return false
		}
		wg, _ := chanflow.IsGroupWait(instr.(ssa.CallInstruction))
		return chanflow.SameGroup(wg, g)
	}
	// Some path receives, returns or enters a block no leak path may
	// enter before it waits: the Wait does not always come first.
	escape := cfg.Query{
		Target: func(instr ssa.Instruction) bool {
			return recvs[instr] || k.deadEntries[instr.Block()] || cfg.IsReturn(instr)
		},
		Avoid: func(instr ssa.Instruction) bool { return isWait(instr) || noReturn(instr) },
	}
	if escape.At(p.b, p.i) != nil {
		return nil
	}
	nearest := cfg.Query{Target: isWait, Avoid: noReturn, BreadthFirst: true}
	return nearest.At(p.b, p.i)
}

// groupName renders the group a Wait call waits for, from the source.
func groupName(k *checker, wait ssa.Instruction) string {
	call, ok := wait.(ssa.CallInstruction)
	if !ok {
		return "the group"
	}
	if ce := k.idx.Call(call.Pos()); ce != nil {
		if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X)
		}
	}
	return "the group"
}

// waitAfter returns a Wait on the group of spawn s that runs after the
// receive op on every path to it (op dominates it), or nil.
func (k *checker) waitAfter(s *spawn, op *chanflow.Op) ssa.Instruction {
	g, _ := groupOf(s.site)
	p, ok := recvPoint(op)
	if g == nil || !ok {
		return nil
	}
	var first ssa.Instruction
	for w := range k.waits {
		wg, _ := chanflow.IsGroupWait(w.(ssa.CallInstruction))
		if !chanflow.SameGroup(wg, g) {
			continue
		}
		b := w.Block()
		if b == p.b && cfg.Index(w) < p.i || !p.b.Dominates(b) {
			continue
		}
		if first == nil || w.Pos() < first.Pos() {
			first = w
		}
	}
	return first
}
