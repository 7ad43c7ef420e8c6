package chanflow_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

const locationSrc = `package p

type inner struct{ stop chan int }

type S struct {
	done chan struct{}
	in   inner
}

var global chan int

func f(s, t *S) {
	close(s.done)
	close(s.done)
	close(t.done)
	close(s.in.stop)
	close(global)
	s.done = nil
	close(s.done)
}
`

// closeArgs returns the arguments of fn's close calls, in order.
func closeArgs(t *testing.T) (*ssa.Function, []ssa.Value) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", locationSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset,
		types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	fn := pkg.Func("f")
	var args []ssa.Value
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if bi, ok := call.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" {
					args = append(args, call.Call.Args[0])
				}
			}
		}
	}
	return fn, args
}

func TestLocationOf(t *testing.T) {
	fn, args := closeArgs(t)
	if len(args) != 6 {
		t.Fatalf("got %d closes, want 6", len(args))
	}
	loc := make([]chanflow.Location, len(args))
	for i, a := range args {
		l, ok := chanflow.LocationOf(a)
		if !ok {
			t.Fatalf("close %d: no location for %v", i, a)
		}
		loc[i] = l
	}
	if loc[0] != loc[1] {
		t.Errorf("two reads of s.done should be one location")
	}
	if loc[0] == loc[2] {
		t.Errorf("s.done and t.done should differ")
	}
	if loc[3].Path != "1.0" {
		t.Errorf("s.in.stop: path %q, want 1.0", loc[3].Path)
	}
	if loc[4].Global == nil {
		t.Errorf("global: no Global")
	}
	stores := 0
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if loc[0].MayStore(instr) {
				stores++
			}
			if loc[4].MayStore(instr) || loc[3].MayStore(instr) {
				t.Errorf("%v should not store to global or s.in.stop", instr)
			}
		}
	}
	if stores != 1 {
		t.Errorf("s.done: %d stores, want 1 (s.done = nil)", stores)
	}
}
