package chanflow

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

import "context"

func f(ctx context.Context, n int) {
	ch := make(chan int, 2)
	go func() {
		ch <- 1
		close(ch)
	}()
	select {
	case v := <-ch:
		_ = v
	case <-ctx.Done():
	}
	for range ch {
	}
	_ = len(ch)
	helper(ch)
	defer close(ch)
}

func helper(c chan int) { <-c }

var g chan int

func esc() {
	ch := make(chan int, n())
	g = ch
}

func n() int { return 3 }

func phi(b bool) {
	a := make(chan int)
	c := a
	if b {
		c = make(chan int)
	}
	c <- 1
}
`

func build(t *testing.T) (*ssa.Package, *Result) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset,
		types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	r := newResult(nil, pkg)
	return pkg, r
}

func opsString(c *Chan) string {
	var parts []string
	for _, op := range c.Ops {
		s := op.Kind.String()
		if op.Spawned {
			s += "@go"
		}
		if op.Deferred {
			s += "@defer"
		}
		if op.Guarded {
			s += "@guarded"
		}
		if op.Callee != nil {
			s += "@" + op.Callee.Name()
		}
		parts = append(parts, s)
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func TestFunc(t *testing.T) {
	pkg, r := build(t)
	f := r.Func(pkg.Func("f"))
	var made *Chan
	for _, c := range f.Chans {
		if c.Make != nil {
			made = c
		}
	}
	if made == nil || made.Cap != 2 || made.Escaped() || made.Name() != "ch" {
		t.Fatalf("made = %+v", made)
	}
	want := "close@defer close@go@f$1 len range receive@helper select receive@guarded send@go@f$1"
	if got := opsString(made); got != want {
		t.Errorf("ops = %q, want %q", got, want)
	}
	for _, op := range made.Ops {
		if op.Kind == SelectRecv {
			entry := CaseEntry(op.Select, op.Case)
			if entry == nil || entry.Comment != "select.body" {
				t.Errorf("CaseEntry = %v", entry)
			}
			if len(CaseBlocks(op.Select, op.Case)) == 0 {
				t.Errorf("no CaseBlocks")
			}
		}
	}

	e := r.Func(pkg.Func("esc"))
	if len(e.Chans) != 1 || e.Chans[0].Cap != -1 || !e.Chans[0].Escaped() {
		t.Errorf("esc: %+v", e.Chans)
	}

	p := r.Func(pkg.Func("phi"))
	for _, c := range p.Chans {
		if !c.Escaped() {
			t.Errorf("phi: channel at %v should be merged (escaped): ops %s", c.Make, opsString(c))
		}
	}
}
