package astindex_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/astindex"
)

const src = `package p

func f(xs []int) {
	ch := make(chan int)
	var done = (make(chan struct{}))
	for range xs {
		defer close(ch)
		go func() {
			g()
		}()
	}
	for i := 0; i < 3; i++ {
		s.done = make(chan bool)
	}
	a, b := make(chan int), 1
	_, _ = a, b
	x, y := two()
	_, _ = x, y
}
`

func index(t *testing.T) (*token.FileSet, *ast.File, *astindex.Index) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fset, f, astindex.New([]*ast.File{f}, nil)
}

// at returns the position of the n-th occurrence (from 1) of s in src.
func at(f *ast.File, s string, n int) token.Pos {
	off := -1
	for ; n > 0; n-- {
		i := strings.Index(src[off+1:], s)
		if i < 0 {
			return token.NoPos
		}
		off += 1 + i
	}
	return f.FileStart + token.Pos(off)
}

func TestIndex(t *testing.T) {
	fset, f, x := index(t)
	line := func(n ast.Node) int {
		if n == nil {
			return 0
		}
		return fset.Position(n.Pos()).Line
	}

	// The call at a left parenthesis, where it starts, what it is assigned to.
	mk := at(f, "make(", 1) + 4
	if c := x.Call(mk); c == nil || types.ExprString(c) != "make(chan int)" {
		t.Errorf("Call = %v", c)
	}
	if x.CallStart(mk) != at(f, "make(", 1) {
		t.Error("CallStart")
	}
	for i, want := range []string{"ch", "done", "s.done", "a"} {
		lp := at(f, "make(", i+1) + 4
		if got := x.AssignedTo(lp); got == nil || types.ExprString(got) != want {
			t.Errorf("AssignedTo(make #%d) = %v, want %s", i+1, got, want)
		}
	}
	if got := x.AssignedTo(at(f, "two(", 1) + 3); got != nil {
		t.Errorf("AssignedTo(two()) = %v, want nil (one call, two results)", got)
	}

	// The defer in the range loop; the call in the func literal is not
	// in the loop.
	def := at(f, "defer", 1)
	if n, ok := x.NodeAt(def).(*ast.DeferStmt); !ok {
		t.Errorf("NodeAt(defer) = %T", n)
	}
	if l := x.EnclosingLoop(def); line(l) != 6 {
		t.Errorf("EnclosingLoop(defer) at line %d, want 6", line(l))
	}
	g := at(f, "g()", 1) + 1
	if l := x.EnclosingLoop(g); l != nil {
		t.Errorf("EnclosingLoop(g()) = line %d, want none", line(l))
	}
	if fn, ok := x.EnclosingFunc(g).(*ast.FuncLit); !ok || line(fn) != 8 {
		t.Errorf("EnclosingFunc(g()) = %T", x.EnclosingFunc(g))
	}
	if s, ok := x.EnclosingStmt(g).(*ast.ExprStmt); !ok || line(s) != 9 {
		t.Errorf("EnclosingStmt(g()) = %T", x.EnclosingStmt(g))
	}
	if l := x.EnclosingLoop(at(f, "make(", 3)); line(l) != 12 {
		t.Errorf("EnclosingLoop(s.done = ...) at line %d, want 12", line(l))
	}
	if x.File(def) != f || x.File(token.NoPos) != nil {
		t.Error("File")
	}
}
