package cfg_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

const src = `package p

func sink(int)
func mark(string)

func nested(n int) {
	for i := 0; i < n; i++ {
		mark("outer")
		for j := 0; j < n; j++ {
			mark("inner")
		}
	}
	mark("after")
}

func once(xs []int) int {
	for _, x := range xs {
		mark("body")
		return x
	}
	return 0
}

func forever() {
	for {
		mark("spin")
	}
}

func viaGoto(n int) {
	i := 0
again:
	if i < n {
		mark("goto")
		i++
		goto again
	}
}

func paths(c bool) {
	mark("start")
	if c {
		mark("left")
		return
	}
	mark("right")
}
`

// build type-checks src, builds its SSA and returns its functions by
// name. Every test file of this package uses it.
func build(t *testing.T, src string) map[string]*ssa.Function {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	ssapkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, pkg, []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	fns := make(map[string]*ssa.Function)
	for _, m := range ssapkg.Members {
		if fn, ok := m.(*ssa.Function); ok {
			fns[fn.Name()] = fn
		}
	}
	return fns
}

// markCall returns the call mark(label) in fn.
func markCall(t *testing.T, fn *ssa.Function, label string) *ssa.Call {
	t.Helper()
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && isMark(c, label) {
				return c
			}
		}
	}
	t.Fatalf("no mark(%q) in %s", label, fn.Name())
	return nil
}

func isMark(instr ssa.Instruction, label string) bool {
	c, ok := instr.(*ssa.Call)
	if !ok || c.Call.StaticCallee() == nil || c.Call.StaticCallee().Name() != "mark" {
		return false
	}
	k, ok := c.Call.Args[0].(*ssa.Const)
	return ok && strings.Trim(k.Value.ExactString(), `"`) == label
}

func TestFindLoops(t *testing.T) {
	fns := build(t, src)

	nested := fns["nested"]
	loops := cfg.FindLoops(nested)
	if got := len(loops.All()); got != 2 {
		t.Fatalf("nested: %d loops, want 2", got)
	}
	outer := loops.Innermost(markCall(t, nested, "outer").Block())
	inner := loops.Innermost(markCall(t, nested, "inner").Block())
	if outer == nil || inner == nil || outer == inner {
		t.Fatalf("nested: outer=%v inner=%v, want two distinct loops", outer, inner)
	}
	if inner.Parent != outer {
		t.Errorf("nested: inner loop's parent is %v, want the outer loop", inner.Parent)
	}
	if !outer.Contains(inner.Header) {
		t.Errorf("nested: outer loop does not contain the inner header")
	}
	if l := loops.Innermost(markCall(t, nested, "after").Block()); l != nil {
		t.Errorf("nested: code after the loop is in a loop")
	}
	if len(outer.Exits(nested)) == 0 {
		t.Errorf("nested: outer loop has no exit")
	}

	once := fns["once"]
	if l := cfg.FindLoops(once).Innermost(markCall(t, once, "body").Block()); l != nil {
		t.Errorf("once: a body that always returns is reported as a loop")
	}

	forever := fns["forever"]
	l := cfg.FindLoops(forever).Innermost(markCall(t, forever, "spin").Block())
	if l == nil {
		t.Fatalf("forever: no loop")
	}
	if exits := l.Exits(forever); len(exits) != 0 {
		t.Errorf("forever: %d exits, want none", len(exits))
	}

	viaGoto := fns["viaGoto"]
	if l := cfg.FindLoops(viaGoto).Innermost(markCall(t, viaGoto, "goto").Block()); l == nil {
		t.Errorf("viaGoto: a goto loop is not found")
	}
	var cycles cfg.Cycles
	if !cycles.InCycle(markCall(t, viaGoto, "goto").Block()) {
		t.Errorf("viaGoto: InCycle is false")
	}
	if cycles.InCycle(markCall(t, once, "body").Block()) {
		t.Errorf("once: InCycle is true")
	}
}

func TestPathExists(t *testing.T) {
	fns := build(t, src)
	paths := fns["paths"]
	start := markCall(t, paths, "start")
	is := func(label string) func(ssa.Instruction) bool {
		return func(i ssa.Instruction) bool { return isMark(i, label) }
	}
	never := func(ssa.Instruction) bool { return false }

	if !cfg.ReturnReachableAvoiding(start, is("left")) {
		t.Errorf("the right branch returns without passing left")
	}
	if cfg.ReturnReachableAvoiding(start, func(i ssa.Instruction) bool { return isMark(i, "left") || isMark(i, "right") }) {
		t.Errorf("every return passes left or right")
	}
	if !cfg.PathExists(start, is("right"), never) {
		t.Errorf("right is reachable from start")
	}
	if cfg.PathExists(markCall(t, paths, "left"), is("right"), never) {
		t.Errorf("right is not reachable from left")
	}

	// In a loop, the instruction itself is reached again.
	nested := fns["nested"]
	inner := markCall(t, nested, "inner")
	if !cfg.PathExists(inner, func(i ssa.Instruction) bool { return i == inner }, never) {
		t.Errorf("inner is reached again by its loop")
	}
	// The inner loop's own back edge reaches inner again without passing
	// outer; but leaving the inner loop for "after" is impossible without
	// passing the outer loop's header test, not a mark call.
	if !cfg.PathExists(inner, func(i ssa.Instruction) bool { return i == inner }, is("outer")) {
		t.Errorf("the inner loop reaches inner again without passing outer")
	}
	if cfg.PathExists(inner, is("after"), is("outer")) == false {
		t.Errorf("after is reachable from inner without passing outer")
	}
	if cfg.PathExists(markCall(t, nested, "after"), is("inner"), never) {
		t.Errorf("inner is not reachable from after")
	}
}

func TestPrecedes(t *testing.T) {
	fns := build(t, src)
	paths := fns["paths"]
	start, left, right := markCall(t, paths, "start"), markCall(t, paths, "left"), markCall(t, paths, "right")
	if !cfg.Precedes(start, left) || !cfg.Precedes(start, right) {
		t.Errorf("start precedes both branches")
	}
	if cfg.Precedes(left, right) || cfg.Precedes(right, left) {
		t.Errorf("the branches do not precede each other")
	}
	if cfg.Precedes(left, start) {
		t.Errorf("left does not precede start")
	}
}
func TestUnreachable(t *testing.T) {
	fns := build(t, `package p

func mark(string)

func selects(a, b chan int) {
	for {
		select {
		case <-a:
			mark("a")
		case <-b:
			mark("b")
		}
	}
}

func explicit(c bool) {
	if c {
		panic("boom")
	}
	mark("after")
}
`)
	dead := 0
	for _, b := range fns["selects"].Blocks {
		if cfg.Unreachable(b) {
			dead++
		}
	}
	if dead != 1 {
		t.Errorf("selects: %d unreachable blocks, want 1 (the no-case panic of the blocking select)", dead)
	}
	for _, b := range fns["explicit"].Blocks {
		if cfg.Unreachable(b) {
			t.Errorf("explicit: block %d (%s) reported unreachable; an explicit panic can run", b.Index, b.Comment)
		}
	}
}
