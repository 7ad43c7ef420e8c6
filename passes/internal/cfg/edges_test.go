package cfg_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

const edgesSrc = `package p

func step(string)

func guarded(flag bool) {
	step("a")
	if flag {
		step("b")
	}
	step("c")
}

func loop(n int) {
	for i := 0; i < n; i++ {
		step("body")
	}
}

func always(c bool) {
	if c {
		step("x")
		return
	}
	step("x")
}

func sometimes(c bool) {
	if c {
		step("x")
	}
}
`

// isStep matches step(label).
func isStep(label string) func(ssa.Instruction) bool {
	return func(instr ssa.Instruction) bool {
		call, ok := instr.(*ssa.Call)
		if !ok || len(call.Call.Args) != 1 {
			return false
		}
		if callee := call.Call.StaticCallee(); callee == nil || callee.Name() != "step" {
			return false
		}
		k, ok := call.Call.Args[0].(*ssa.Const)
		return ok && k.Value != nil && k.Value.ExactString() == `"`+label+`"`
	}
}

func findInstr(t *testing.T, fn *ssa.Function, match func(ssa.Instruction) bool) ssa.Instruction {
	t.Helper()
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if match(instr) {
				return instr
			}
		}
	}
	t.Fatalf("%s: instruction not found", fn.Name())
	return nil
}

func TestPathExistsVia(t *testing.T) {
	fns := build(t, edgesSrc)
	never := func(ssa.Instruction) bool { return false }
	noIf := func(b *ssa.BasicBlock, _ int) bool {
		_, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		return !isIf
	}

	a := findInstr(t, fns["guarded"], isStep("a"))
	if !cfg.PathExistsVia(a, isStep("c"), never, nil) {
		t.Errorf("guarded: a should reach c")
	}
	if cfg.PathExistsVia(a, isStep("c"), never, noIf) {
		t.Errorf("guarded: a should not reach c without taking a branch")
	}

	body := findInstr(t, fns["loop"], isStep("body"))
	if !cfg.PathExistsVia(body, isStep("body"), never, nil) {
		t.Errorf("loop: body should run again")
	}
	if cfg.PathExistsVia(body, isStep("body"), never, noIf) {
		t.Errorf("loop: body should not run again without passing the loop test")
	}
}

func TestOnEveryReturn(t *testing.T) {
	fns := build(t, edgesSrc)
	if !cfg.OnEveryReturn(fns["always"], isStep("x")) {
		t.Errorf("always: x runs on every path")
	}
	if cfg.OnEveryReturn(fns["sometimes"], isStep("x")) {
		t.Errorf("sometimes: x is skipped when !c")
	}
	if cfg.OnEveryReturn(fns["step"], isStep("x")) {
		t.Errorf("step has no body")
	}
}
