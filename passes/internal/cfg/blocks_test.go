package cfg_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

const blocksSrc = `package p

func step(string)
func cond() bool

func loop(n int) {
	step("entry")
	for i := 0; i < n; i++ {
		if cond() {
			step("then")
		}
		step("latch")
	}
	step("after")
}

func stores(c bool) int {
	x := 0
	p := &x
	if c {
		*p = 1
	} else if cond() {
		*p = 2
	}
	step("load")
	return *p
}
`

func TestWalkBlocks(t *testing.T) {
	fns := build(t, blocksSrc)
	fn := fns["loop"]
	loops := cfg.FindLoops(fn)
	if len(loops.All()) != 1 {
		t.Fatalf("%d loops", len(loops.All()))
	}
	l := loops.All()[0]
	then := findInstr(t, fn, isStep("then")).Block()
	// From the then-block, staying in the loop and off the header: the
	// then-block and the latch, never the header or the exit.
	reach := cfg.Reach(then, func(b *ssa.BasicBlock) bool { return b != l.Header && l.Contains(b) })
	latch := findInstr(t, fn, isStep("latch")).Block()
	after := findInstr(t, fn, isStep("after")).Block()
	if !reach[then.Index] || !reach[latch.Index] || reach[l.Header.Index] || reach[after.Index] {
		t.Errorf("Reach = %v", reach)
	}
	// Stop ends the walk.
	visits := 0
	stopped := cfg.WalkBlocks([]*ssa.BasicBlock{fn.Blocks[0]}, func(b *ssa.BasicBlock) cfg.Step {
		visits++
		if b == after {
			return cfg.Stop
		}
		return cfg.Descend
	})
	if !stopped || visits > len(fn.Blocks) {
		t.Errorf("WalkBlocks stopped=%v after %d visits", stopped, visits)
	}
	// Every block is visited once when nothing stops.
	visits = 0
	if cfg.WalkBlocks([]*ssa.BasicBlock{fn.Blocks[0]}, func(*ssa.BasicBlock) cfg.Step { visits++; return cfg.Descend }) {
		t.Error("stopped")
	}
	if visits != len(fn.Blocks) {
		t.Errorf("%d visits, %d blocks", visits, len(fn.Blocks))
	}
}

func TestLastBefore(t *testing.T) {
	fns := build(t, blocksSrc)
	fn := fns["stores"]
	var load ssa.Instruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if u, ok := instr.(*ssa.UnOp); ok && u.Op.String() == "*" {
				load = u
			}
		}
	}
	if load == nil {
		t.Fatal("no load")
	}
	isStore := func(i ssa.Instruction) bool { _, ok := i.(*ssa.Store); return ok }
	found, ok := cfg.LastBefore(load, isStore, 1000)
	if !ok || len(found) != 3 {
		t.Fatalf("LastBefore = %v, %v; want the three stores", found, ok)
	}
	if _, ok := cfg.LastBefore(load, isStore, 2); ok {
		t.Error("limit not honoured")
	}
}
