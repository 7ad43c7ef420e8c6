package driver

import (
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// marked is a test analyzer that uses everything the driver provides:
// it marks functions named Bad* with a fact, reports calls from other
// packages to marked functions (so a missing or misdirected fact shows),
// and reports functions ctrlflow finds never return (so the standard
// library's "does not return" table shows).
var marked = &analysis.Analyzer{
	Name:      "marked",
	Doc:       "reports calls to functions marked Bad in another package",
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	FactTypes: []analysis.Fact{new(markFact)},
	Run:       runMarked,
}

type markFact struct{ Pkg string }

func (*markFact) AFact() {}

func runMarked(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fn := pass.TypesInfo.Defs[n.Name].(*types.Func)
			if strings.HasPrefix(fn.Name(), "Bad") {
				pass.ExportObjectFact(fn, &markFact{Pkg: pass.Pkg.Path()})
			}
			if cfgs.NoReturn(fn) {
				pass.Reportf(n.Pos(), "%s never returns", fn.Name())
			}
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok {
				return
			}
			fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
			var f markFact
			if ok && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &f) {
				pass.Reportf(n.Pos(), "calls %s, marked in %s", fn.Name(), f.Pkg)
			}
		}
	})
	return nil, nil
}

// module copies testdata/mod to a fresh directory, so tests can edit it.
func module(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS(filepath.Join("testdata", "mod")))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// messages flattens a result to "package: file:line: message" lines.
func messages(t *testing.T, res *Result, dir string) []string {
	t.Helper()
	var out []string
	for id, byAnalyzer := range res.Packages {
		for _, r := range byAnalyzer {
			if r.Err != "" {
				t.Errorf("%s: %s", id, r.Err)
			}
			for _, d := range r.Diagnostics {
				posn, _ := filepath.Rel(dir, d.Posn)
				posn = posn[:strings.LastIndex(posn, ":")] // drop the column
				out = append(out, id+": "+filepath.ToSlash(posn)+": "+d.Message)
			}
		}
	}
	sort.Strings(out)
	return out
}

func run(t *testing.T, dir, cacheDir string, patterns ...string) *Result {
	t.Helper()
	res, err := Run(Config{Dir: dir, Patterns: patterns, Tests: true, Analyzers: []*analysis.Analyzer{marked}, CacheDir: cacheDir, CacheSalt: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var wantFindings = []string{
	"example.com/drv/app: app/app.go:7: calls BadHelper, marked in example.com/drv/lib",
	"example.com/drv/app_test: app/app_test.go:10: calls BadInTest, marked in example.com/drv/app",
	"example.com/drv/lib: lib/lib.go:14: Die never returns",
}

// TestFacts: facts cross packages, including from a package's test
// variant to its external test, and the standard library's functions that
// never return are known without analyzing it.
func TestFacts(t *testing.T) {
	dir := module(t)
	res := run(t, dir, "", "./app", "./lib")
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	if got := messages(t, res, dir); !reflect.DeepEqual(got, wantFindings) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}
	if res.Stats.FromCache != 0 || res.Stats.Analyzed == 0 || res.Stats.FromExport == 0 {
		t.Errorf("stats %+v: want packages analyzed and the standard library from export data", res.Stats)
	}
}

// TestCache: a repeat run replays every package; a change to a dependency
// reanalyzes what depends on it and no more.
func TestCache(t *testing.T) {
	dir, cacheDir := module(t), t.TempDir()
	first := run(t, dir, cacheDir, "./app", "./lib")
	second := run(t, dir, cacheDir, "./app", "./lib")
	if !reflect.DeepEqual(messages(t, first, dir), messages(t, second, dir)) {
		t.Errorf("replayed findings differ:\n%v\n%v", messages(t, first, dir), messages(t, second, dir))
	}
	if second.Stats.Analyzed != 0 || second.Stats.FromCache != first.Stats.Analyzed+first.Stats.FactsOnly {
		t.Errorf("repeat run: stats %+v after %+v, want everything from the cache", second.Stats, first.Stats)
	}

	// BadHelper loses its mark: app's finding must go, though app did not change.
	lib := filepath.Join(dir, "lib", "lib.go")
	src, _ := os.ReadFile(lib)
	if err := os.WriteFile(lib, []byte(strings.ReplaceAll(string(src), "func BadHelper", "func BadHelper2() {}\n\nfunc OkHelper")), 0o644); err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(dir, "app", "app.go")
	src, _ = os.ReadFile(app)
	if err := os.WriteFile(app, []byte(strings.ReplaceAll(string(src), "lib.BadHelper()", "lib.OkHelper()")), 0o644); err != nil {
		t.Fatal(err)
	}
	third := run(t, dir, cacheDir, "./app", "./lib")
	want := []string{wantFindings[1], strings.Replace(wantFindings[2], "lib.go:14", "lib.go:16", 1)}
	if got := messages(t, third, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("after the edit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if third.Stats.Analyzed == 0 {
		t.Errorf("after the edit: stats %+v, want packages reanalyzed", third.Stats)
	}
}

// TestErrors: what cannot be analyzed is an error, never a silent success.
func TestErrors(t *testing.T) {
	dir := module(t)
	for _, tc := range []struct{ pattern, want string }{
		{"./nosuch/...", "./nosuch/..."},
		{"example.com/drv/nosuch", "example.com/drv/nosuch"},
		{"./broken", "broken.go:4:9"},
	} {
		res := run(t, dir, "", tc.pattern)
		if len(res.Errors) == 0 || !strings.Contains(strings.Join(res.Errors, "\n"), tc.want) {
			t.Errorf("%s: errors %q, want one naming %q", tc.pattern, res.Errors, tc.want)
		}
	}
}
