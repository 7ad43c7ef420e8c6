package cfg

import (
	"go/constant"
	"go/token"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// PathExistsCorrelated is PathExists that knows what a path has already
// decided about boolean values: a path that took the true branch of
// `if ok` does not take the false branch of a later `if ok` on the same
// value, also when the value travels round a loop through a phi
// (`inShutdown = ctx.Err() != nil; if !inShutdown { break } ... continue`,
// then `if inShutdown { continue }` on the next pass). It starts with what
// the branches dominating from decided, and forgets what it knew of a
// value whenever the path runs the value's definition again.
//
// It answers the questions where a flag, not the shape of the graph,
// keeps a path from a target: the write a goroutine could race with is
// reachable only on passes the flag rules out, the Unlock guarded by
// `if locked`. The search visits each block once per set of known facts,
// within a budget proportional to the size of the function; past the
// budget it gives PathExists's answer, which may only say "yes" more often.
func PathExistsCorrelated(from ssa.Instruction, target, avoid func(ssa.Instruction) bool) bool {
	b := from.Block()
	start := Index(from)
	if b == nil || start < 0 || target == nil {
		return false
	}
	scan := func(instrs []ssa.Instruction) (found, stop bool) {
		for _, instr := range instrs {
			if target(instr) {
				return true, true
			}
			if avoid != nil && avoid(instr) {
				return false, true
			}
		}
		return false, false
	}
	if found, stop := scan(b.Instrs[start+1:]); stop {
		return found
	}
	type state struct {
		b     *ssa.BasicBlock
		facts facts
	}
	budget := 8*len(b.Parent().Blocks) + 64
	seen := make(map[string]bool)
	var work []state
	push := func(from *ssa.BasicBlock, known facts) {
		for i, s := range from.Succs {
			f, ok := known.branch(from, i)
			if ok {
				work = append(work, state{s, f.enter(from, s)})
			}
		}
	}
	push(b, dominatingFacts(b))
	for len(work) > 0 {
		st := work[len(work)-1]
		work = work[:len(work)-1]
		key := strconv.Itoa(st.b.Index) + st.facts.key()
		if seen[key] {
			continue
		}
		seen[key] = true
		if budget--; budget < 0 {
			return PathExists(from, target, avoid)
		}
		if found, stop := scan(st.b.Instrs); found {
			return true
		} else if !stop {
			push(st.b, st.facts)
		}
	}
	return false
}

// facts maps boolean SSA values to what the path knows they hold.
type facts map[ssa.Value]bool

// value returns what v is known to hold: a fact, a constant, or the
// negation of a known value.
func (f facts) value(v ssa.Value) (val, ok bool) {
	if x, ok := f[v]; ok {
		return x, true
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.Bool {
			return constant.BoolVal(v.Value), true
		}
	case *ssa.UnOp:
		if v.Op == token.NOT {
			if x, ok := f[v.X]; ok {
				return !x, true
			}
		}
	}
	return false, false
}

// branch returns the facts on the edge from b to b.Succs[i], and false if a
// known condition rules the edge out.
func (f facts) branch(b *ssa.BasicBlock, i int) (facts, bool) {
	ifInstr, ok := lastInstr(b).(*ssa.If)
	if !ok || len(b.Succs) != 2 || b.Succs[0] == b.Succs[1] {
		return f, true
	}
	taken := i == 0
	if val, ok := f.value(ifInstr.Cond); ok {
		return f, val == taken
	}
	g := f.copy()
	g[ifInstr.Cond] = taken
	return g, true
}

// enter returns the facts on entering s from pred: the phis of s take the
// known values of their edges from pred, and what was known of any other
// value s defines is forgotten, since s computes it anew.
func (f facts) enter(pred, s *ssa.BasicBlock) facts {
	k := -1
	for i, p := range s.Preds {
		if p == pred {
			k = i
			break
		}
	}
	phis := make(facts)
	stale := false
	for _, instr := range s.Instrs {
		v, ok := instr.(ssa.Value)
		if !ok {
			continue
		}
		if phi, ok := v.(*ssa.Phi); ok && k >= 0 && k < len(phi.Edges) {
			if val, ok := f.value(phi.Edges[k]); ok {
				phis[phi] = val
			}
		}
		if _, ok := f[v]; ok {
			stale = true
		}
	}
	if !stale && len(phis) == 0 {
		return f
	}
	g := make(facts, len(f)+len(phis))
	for v, val := range f {
		if instr, ok := v.(ssa.Instruction); ok && instr.Block() == s {
			continue
		}
		g[v] = val
	}
	for v, val := range phis {
		g[v] = val
	}
	return g
}

func (f facts) copy() facts {
	g := make(facts, len(f)+1)
	for v, val := range f {
		g[v] = val
	}
	return g
}

// key is a canonical text of the facts, for the set of visited states.
func (f facts) key() string {
	if len(f) == 0 {
		return ""
	}
	parts := make([]string, 0, len(f))
	for v, val := range f {
		parts = append(parts, v.Name()+"="+strconv.FormatBool(val))
	}
	sort.Strings(parts)
	return ":" + strings.Join(parts, ",")
}

// dominatingFacts returns what the branches that dominate b decided: for
// each dominator ending in `if c` whose successor on the way to b is
// entered only from it, c holds the value of that edge.
func dominatingFacts(b *ssa.BasicBlock) facts {
	f := make(facts)
	for x := b; x.Idom() != nil; x = x.Idom() {
		d := x.Idom()
		ifInstr, ok := lastInstr(d).(*ssa.If)
		if !ok || len(d.Succs) != 2 || d.Succs[0] == d.Succs[1] {
			continue
		}
		for i, s := range d.Succs {
			if len(s.Preds) == 1 && s.Dominates(x) {
				if _, known := f[ifInstr.Cond]; !known {
					f[ifInstr.Cond] = i == 0
				}
			}
		}
	}
	return f
}
