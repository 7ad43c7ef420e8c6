package cfg_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

const cyclesSrc = `package p

func mark(string)

func shapes(n int, xs []int, m map[int]int) {
	mark("entry")
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			if j == 3 {
				continue
			}
			mark("inner")
		}
	}
	for range xs {
		break
	}
	for k := range m {
		if k > 0 {
			goto out
		}
	}
out:
	mark("after")
again:
	if n > 0 {
		n--
		goto again
	}
	switch n {
	case 1:
		fallthrough
	case 2:
		mark("two")
	}
	for {
		if n == 0 {
			return
		}
		n--
	}
}

func straight(a bool) int {
	if a {
		return 1
	}
	return 2
}
`

// TestCycleBlocks checks the one-walk answer against a search from the end
// of each block back to its start, on every block of functions with nested,
// broken, goto and endless loops, and on one without any.
func TestCycleBlocks(t *testing.T) {
	fns := build(t, cyclesSrc)
	for _, name := range []string{"shapes", "straight"} {
		fn := fns[name]
		got := cfg.CycleBlocks(fn)
		if len(got) != len(fn.Blocks) {
			t.Fatalf("%s: %d answers for %d blocks", name, len(got), len(fn.Blocks))
		}
		cycles := 0
		for _, b := range fn.Blocks {
			first := b.Instrs[0]
			want := cfg.PathExists(b.Instrs[len(b.Instrs)-1], func(i ssa.Instruction) bool { return i == first }, func(ssa.Instruction) bool { return false })
			if got[b.Index] != want {
				t.Errorf("%s: block %d (%s): CycleBlocks says %v, a search back to the block's start %v", name, b.Index, b.Comment, got[b.Index], want)
			}
			if got[b.Index] {
				cycles++
			}
		}
		if name == "shapes" && cycles == 0 {
			t.Errorf("shapes: no block in a cycle")
		}
		if name == "straight" && cycles != 0 {
			t.Errorf("straight: %d blocks in a cycle", cycles)
		}
	}
	if !cfg.CycleBlocks(fns["shapes"])[markCall(t, fns["shapes"], "inner").Block().Index] {
		t.Errorf("the inner loop body is not in a cycle")
	}
	if cfg.CycleBlocks(fns["shapes"])[markCall(t, fns["shapes"], "entry").Block().Index] {
		t.Errorf("the entry block is in a cycle")
	}
}
