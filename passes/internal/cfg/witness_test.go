package cfg_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

const witnessSrc = `package p

func mark(int)
func use()

func early(b bool) {
	mark(1)
	if b {
		return
	}
	use()
}

func always(b bool) {
	mark(1)
	if b {
		use()
		return
	}
	use()
}

func loop(n int) {
	for i := 0; i < n; i++ {
		mark(1)
		if i == 3 {
			continue
		}
		use()
	}
	use()
}
`

// markCall returns the call mark(1) in fn.
func witnessMark(t *testing.T, fn *ssa.Function) ssa.Instruction {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && c.Call.StaticCallee() != nil && c.Call.StaticCallee().Name() == "mark" {
				return c
			}
		}
	}
	t.Fatalf("no mark call in %s", fn)
	return nil
}

func witnessIsUse(instr ssa.Instruction) bool {
	c, ok := instr.(*ssa.Call)
	return ok && c.Call.StaticCallee() != nil && c.Call.StaticCallee().Name() == "use"
}

func TestFirstReached(t *testing.T) {
	fns := build(t, witnessSrc)
	for _, tc := range []struct {
		fn        string
		targetRet bool // target: a return; else: the mark call itself
		want      bool
	}{
		{"early", true, true},
		{"always", true, false},
		{"loop", true, false}, // the loop exit passes use() after the loop
		{"loop", false, true}, // continue comes back to mark(1) without use()
	} {
		fn := fns[tc.fn]
		from := witnessMark(t, fn)
		target := cfg.IsReturn
		if !tc.targetRet {
			target = func(i ssa.Instruction) bool { return i == from }
		}
		got := cfg.FirstReached(from, target, witnessIsUse)
		if (got != nil) != tc.want {
			t.Errorf("%s (return target %v): FirstReached = %v, want found %v", tc.fn, tc.targetRet, got, tc.want)
		}
		if got != nil && !target(got) {
			t.Errorf("%s: witness %v does not satisfy target", tc.fn, got)
		}
	}
}
