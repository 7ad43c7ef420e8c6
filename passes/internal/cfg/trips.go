package cfg

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Runs returns how many times instr, whose innermost loop is l, runs each
// time the loop is entered, when that number is fixed by constants: a counting loop
// `for i := a; i < b; i += c` or `for i := range b` (a, b, c constant
// integers, c > 0, the test <, <= or !=), with no other way out than its
// test, and instr on every pass (its block dominates every latch). It
// returns false when it cannot tell, or when the count exceeds limit.
//
// A panic, or a call that does not return, ends the loop early; Runs
// counts the passes of a loop that is not left that way.
func Runs(fn *ssa.Function, l *Loop, instr ssa.Instruction, limit int) (int, bool) {
	b := instr.Block()
	if l == nil || b == nil || !l.Contains(b) || limit <= 0 {
		return 0, false
	}
	// One exit, by a test that runs once per pass.
	var test *ssa.If
	for _, lb := range l.Blocks(fn) {
		for _, s := range lb.Succs {
			if l.Contains(s) {
				continue
			}
			iff, ok := lastInstr(lb).(*ssa.If)
			if test != nil || !ok || len(lb.Succs) != 2 || lb.Succs[1] != s || !l.Contains(lb.Succs[0]) {
				return 0, false
			}
			test = iff
		}
	}
	if test == nil {
		return 0, false
	}
	for _, latch := range l.Latches {
		if !dominatesOrSame(test.Block(), latch) || !dominatesOrSame(b, latch) {
			return 0, false
		}
	}
	// The test compares the counter (or its next value) with a constant.
	cond, ok := test.Cond.(*ssa.BinOp)
	if !ok {
		return 0, false
	}
	bound, ok := intConst(cond.Y)
	if !ok {
		return 0, false
	}
	phi, start, step, next, ok := counter(l, cond.X)
	if !ok {
		return 0, false
	}
	// The test sees i (the phi) or i+step (computed in the same pass).
	offset := int64(0)
	if cond.X == next {
		offset = step
	} else if cond.X != phi {
		return 0, false
	}
	holds := func(v int64) bool {
		switch cond.Op {
		case token.LSS:
			return v < bound
		case token.LEQ:
			return v <= bound
		case token.NEQ:
			return v != bound
		}
		return false
	}
	if cond.Op != token.LSS && cond.Op != token.LEQ && cond.Op != token.NEQ {
		return 0, false
	}
	// Does instr run before the test in a pass? Both dominate the latches,
	// so one dominates the other.
	before := b != test.Block() && b.Dominates(test.Block()) || b == test.Block()
	// Pass k tests start + k*step (+ offset); the loop leaves at the first
	// pass whose test fails.
	runs := 0
	for k := int64(0); ; k++ {
		ok := holds(start + k*step + offset)
		if before || ok {
			runs++
		}
		if !ok {
			return runs, true
		}
		if runs > limit {
			return 0, false
		}
	}
}

// counter recognises v as the counter of loop l, or its next value: a phi
// of l's header whose value entering the loop is the constant start and
// whose value on every back edge is next = phi + step, step > 0.
func counter(l *Loop, v ssa.Value) (phi *ssa.Phi, start, step int64, next ssa.Value, ok bool) {
	phi, _ = v.(*ssa.Phi)
	if phi == nil {
		if add, isAdd := v.(*ssa.BinOp); isAdd && add.Op == token.ADD {
			phi, _ = add.X.(*ssa.Phi)
		}
	}
	if phi == nil || phi.Block() != l.Header {
		return nil, 0, 0, nil, false
	}
	haveStart := false
	for i, e := range phi.Edges {
		pred := l.Header.Preds[i]
		if !l.Contains(pred) {
			k, isConst := intConst(e)
			if !isConst || (haveStart && k != start) {
				return nil, 0, 0, nil, false
			}
			start, haveStart = k, true
			continue
		}
		add, isAdd := e.(*ssa.BinOp)
		if !isAdd || add.Op != token.ADD || add.X != phi || (next != nil && ssa.Value(add) != next) {
			return nil, 0, 0, nil, false
		}
		k, isConst := intConst(add.Y)
		if !isConst || k <= 0 {
			return nil, 0, 0, nil, false
		}
		step, next = k, add
	}
	if !haveStart || next == nil {
		return nil, 0, 0, nil, false
	}
	return phi, start, step, next, true
}

func intConst(v ssa.Value) (int64, bool) {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	n, exact := constant.Int64Val(k.Value)
	if !exact || n > 1<<40 || n < -(1<<40) {
		return 0, false
	}
	return n, true
}

// lastInstr returns b's terminating instruction, or nil for an empty block.
func lastInstr(b *ssa.BasicBlock) ssa.Instruction {
	if len(b.Instrs) == 0 {
		return nil
	}
	return b.Instrs[len(b.Instrs)-1]
}

func dominatesOrSame(a, b *ssa.BasicBlock) bool { return a == b || a.Dominates(b) }
