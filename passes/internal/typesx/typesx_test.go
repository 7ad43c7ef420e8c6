package typesx_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/typesx"
)

const src = `package p

import (
	"sync"
	"testing"
	"time"
)

type List[T any] struct{ x T }

func (l *List[T]) Push(x T) {}

type Alias = time.Ticker

type Wrap struct{ *time.Ticker }

var (
	mu     sync.Mutex
	pmu    *sync.Mutex
	alias  *Alias
	inst   List[int]
	pinst  *List[string]
	tb     testing.TB
	ticker *time.Ticker
)

func F() {}
`

func check(t *testing.T) (*types.Package, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("example.com/p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, info
}

func TestTypes(t *testing.T) {
	pkg, _ := check(t)
	typ := func(name string) types.Type { return pkg.Scope().Lookup(name).Type() }

	for _, tc := range []struct {
		name       string
		named, ptr bool
		pkg, tname string
	}{
		{"mu", true, false, "sync", "Mutex"},
		{"pmu", false, true, "sync", "Mutex"},
		{"alias", false, true, "time", "Ticker"},
		{"inst", true, false, "example.com/p", "List"},
		{"pinst", false, true, "example.com/p", "List"},
		{"tb", true, false, "testing", "TB"},
	} {
		if got := typesx.IsNamed(typ(tc.name), tc.pkg, "X", tc.tname); got != tc.named {
			t.Errorf("IsNamed(%s) = %v", tc.name, got)
		}
		if got := typesx.IsPointerTo(typ(tc.name), tc.pkg, tc.tname); got != tc.ptr {
			t.Errorf("IsPointerTo(%s) = %v", tc.name, got)
		}
		if n := typesx.NamedOf(typ(tc.name)); n == nil || n.Obj().Name() != tc.tname {
			t.Errorf("NamedOf(%s) = %v", tc.name, n)
		}
	}
	if typesx.IsNamed(typ("mu"), "example.com/sync", "Mutex") {
		t.Error("IsNamed compares names, not import paths")
	}
}

func TestFuncs(t *testing.T) {
	pkg, _ := check(t)
	f := pkg.Scope().Lookup("F").(*types.Func)
	if !typesx.IsFunc(f, "example.com/p", "F") || typesx.IsFunc(f, "example.com/p", "G") {
		t.Error("IsFunc(F)")
	}

	var nilFunc *types.Func
	if typesx.InPackage(nilFunc, "p") || typesx.IsObject(nilFunc, "p") || typesx.IsFunc(nilFunc, "p") {
		t.Error("a nil *types.Func is in no package")
	}

	// A method of an instance is the generic method.
	inst := pkg.Scope().Lookup("inst").Type()
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(inst), false, pkg, "Push")
	push := obj.(*types.Func)
	if !typesx.IsMethod(push, "example.com/p", "List", "Push") {
		t.Errorf("IsMethod(%v) = false", push)
	}
	if typesx.IsFunc(push, "example.com/p", "Push") {
		t.Error("a method is not a function")
	}
	if p, typ, name := typesx.MethodOf(push); p != "example.com/p" || typ != "List" || name != "Push" {
		t.Errorf("MethodOf = %s %s %s", p, typ, name)
	}

	// Through embedding: Wrap's Stop is time.Ticker's.
	wrap := pkg.Scope().Lookup("Wrap").Type()
	obj, _, _ = types.LookupFieldOrMethod(wrap, true, pkg, "Stop")
	if !typesx.IsMethod(obj.(*types.Func), "time", "Ticker", "Stop") {
		t.Error("promoted Stop is not time.Ticker.Stop")
	}
	if got := typesx.RecvTypeName(obj.(*types.Func).Signature()); got != "Ticker" {
		t.Errorf("RecvTypeName = %q", got)
	}

	// Through an interface.
	tb := pkg.Scope().Lookup("tb").Type()
	obj, _, _ = types.LookupFieldOrMethod(tb, false, pkg, "Fatal")
	if !typesx.IsMethod(obj.(*types.Func), "testing", "TB", "Fatal") {
		t.Error("TB.Fatal")
	}
	if typesx.RecvTypeName(f.Signature()) != "" {
		t.Error("RecvTypeName of a function")
	}
}

func TestIsStd(t *testing.T) {
	for path, want := range map[string]bool{
		"net":                     true,
		"net/http":                true,
		"golang.org/x/sync":       false,
		"github.com/leakvet/x":    false,
		"example.com":             false,
		"internal/runtime/atomic": true,
	} {
		if got := typesx.IsStd(types.NewPackage(path, "p")); got != want || typesx.IsStdPath(path) != want {
			t.Errorf("IsStd(%q) = %v, want %v", path, got, want)
		}
	}
	if typesx.IsStd(nil) {
		t.Errorf("IsStd(nil) = true")
	}
}
