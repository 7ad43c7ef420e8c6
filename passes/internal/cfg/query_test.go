package cfg_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

const querySrc = `package p

func mark(string)

// near: the then-branch reaches mark("near") one block away; the
// else-branch reaches mark("far") two blocks away. Depth first tries the
// else-branch first; breadth first finds the nearer one.
func near(a, b bool) {
	mark("start")
	if a {
		mark("near")
		return
	}
	if b {
		println()
	}
	mark("far")
}

// guarded: the only way to the target leaves the first block by its
// then-edge.
func guarded(a bool) {
	mark("start")
	if a {
		mark("target")
	}
}

// inblock: two marks in the entry block.
func inblock() {
	mark("first")
	mark("second")
}
`

func isAnyMark(label string) func(ssa.Instruction) bool {
	return func(instr ssa.Instruction) bool { return isMark(instr, label) }
}

func TestQueryBreadthFirst(t *testing.T) {
	fn := build(t, querySrc)["near"]
	start := markCall(t, fn, "start")
	target := func(instr ssa.Instruction) bool { return isMark(instr, "near") || isMark(instr, "far") }
	q := cfg.Query{Target: target, BreadthFirst: true}
	found, path := q.PathAt(start.Block(), cfg.Index(start)+1)
	if found != markCall(t, fn, "near") {
		t.Fatalf("breadth first: found %v, want mark(\"near\")", found)
	}
	if len(path) != 2 || path[0] != start.Block() || path[1] != found.Block() {
		t.Errorf("breadth first: path %v, want [entry, then-block]", path)
	}
	// Depth first may find either, but must find one of them, and its
	// path must be a real path from the start.
	q.BreadthFirst = false
	found, path = q.PathAt(start.Block(), cfg.Index(start)+1)
	if found == nil || !target(found) {
		t.Fatalf("depth first: found %v", found)
	}
	if path[0] != start.Block() || path[len(path)-1] != found.Block() {
		t.Errorf("depth first: path %v does not run from start to witness", path)
	}
	for i := 1; i < len(path); i++ {
		ok := false
		for _, s := range path[i-1].Succs {
			ok = ok || s == path[i]
		}
		if !ok {
			t.Errorf("depth first: path %v: no edge %d -> %d", path, path[i-1].Index, path[i].Index)
		}
	}
	// A target that is also avoided still counts as reached.
	q = cfg.Query{Target: target, Avoid: isAnyMark("near"), BreadthFirst: true}
	if got := q.At(start.Block(), 0); got != markCall(t, fn, "near") {
		t.Errorf("avoided target: found %v, want mark(\"near\")", got)
	}
}

func TestQueryFollowAndStart(t *testing.T) {
	fns := build(t, querySrc)
	g := fns["guarded"]
	start := markCall(t, g, "start")
	q := cfg.Query{Target: isAnyMark("target")}
	if q.At(start.Block(), 0) == nil {
		t.Errorf("guarded: target not reached with every edge allowed")
	}
	q.Follow = func(b *ssa.BasicBlock, succ int) bool { return b != start.Block() || succ != 0 }
	if got := q.At(start.Block(), 0); got != nil {
		t.Errorf("guarded: reached %v without the then-edge", got)
	}

	// The start index is inclusive: starting at an instruction examines it,
	// starting after it does not.
	in := fns["inblock"]
	first := markCall(t, in, "first")
	i := cfg.Index(first)
	q = cfg.Query{Target: isAnyMark("first")}
	if got, path := q.PathAt(first.Block(), i); got != first || len(path) != 1 {
		t.Errorf("inblock: At(i) = %v %v, want mark(\"first\") with path [entry]", got, path)
	}
	if got := q.At(first.Block(), i+1); got != nil {
		t.Errorf("inblock: At(i+1) = %v, want nil", got)
	}
	// An instruction that is both target and avoided counts as reached;
	// an avoided one stops the path.
	q = cfg.Query{Target: isAnyMark("second"), Avoid: isAnyMark("first")}
	if got := q.At(first.Block(), i); got != nil {
		t.Errorf("inblock: passed avoided mark(\"first\") to reach %v", got)
	}
	if got := q.At(first.Block(), i+1); got == nil {
		t.Errorf("inblock: start past the avoided instruction should reach mark(\"second\")")
	}
	// Out-of-range starts are clamped; a nil target finds nothing.
	if got := (cfg.Query{Target: isAnyMark("first")}).At(first.Block(), -5); got != first {
		t.Errorf("inblock: At(-5) = %v, want mark(\"first\")", got)
	}
	if got := (cfg.Query{}).At(first.Block(), 0); got != nil {
		t.Errorf("nil target found %v", got)
	}
}
