package driver

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
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
		if len(res.Packages) != 0 {
			t.Errorf("%s: packages %v, want none analyzed", tc.pattern, res.Packages)
		}
	}
	// A package whose dependency does not type-check is named, with its
	// directory, but not analyzed.
	mustWrite(t, filepath.Join(dir, "lib", "lib.go"), []byte("package lib\n\nfunc Good() { undefined() }\n"))
	res := run(t, dir, "", "./app")
	if got, want := res.Dirs["example.com/drv/app"], filepath.Join(dir, "app"); got != want {
		t.Errorf("Dirs[app] = %q, want %q", got, want)
	}
	if _, ok := res.Packages["example.com/drv/app"]; ok {
		t.Errorf("app analyzed though lib does not type-check")
	}
}

// TestOverlay: an overlaid file is analyzed in place of the one on disk,
// by the go command (a new import) and the driver alike, and the cache
// tells the overlay's content from the disk's.
func TestOverlay(t *testing.T) {
	dir, cacheDir := module(t), t.TempDir()
	app := filepath.Join(dir, "app", "app.go")
	src, _ := os.ReadFile(app)
	disk := messages(t, run(t, dir, cacheDir, "./app"), dir)

	// The unsaved buffer drops the call to BadHelper and adds a call to
	// lib.Die through a new import of log (which the disk's file lacks).
	edited := strings.ReplaceAll(string(src), "lib.BadHelper()", "lib.Good()")
	edited += "\nfunc dies() {\n\tlog.Fatal(\"x\")\n}\n"
	edited = strings.Replace(edited, "import \"example.com/drv/lib\"", "import (\n\t\"log\"\n\n\t\"example.com/drv/lib\"\n)", 1)
	if !strings.Contains(edited, "\"log\"") {
		t.Fatalf("test data changed: no import of lib in %s", app)
	}
	res, err := Run(Config{Dir: dir, Patterns: []string{"./app"}, Tests: true, Analyzers: []*analysis.Analyzer{marked},
		CacheDir: cacheDir, CacheSalt: "test", Overlay: map[string][]byte{app: []byte(edited)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	got := messages(t, res, dir)
	want := []string{"example.com/drv/app: app/app.go:" + lineOf(t, edited, "func dies") + ": dies never returns", wantFindings[1]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with the overlay:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if data, _ := os.ReadFile(app); string(data) != string(src) {
		t.Errorf("the overlay was written to disk")
	}
	// Without the overlay, the disk's findings again (not the overlay's
	// cache entry).
	if again := messages(t, run(t, dir, cacheDir, "./app"), dir); !reflect.DeepEqual(again, disk) {
		t.Errorf("after the overlay:\n%s\nwant:\n%s", strings.Join(again, "\n"), strings.Join(disk, "\n"))
	}
}

func lineOf(t *testing.T, src, substr string) string {
	t.Helper()
	before, _, found := strings.Cut(src, substr)
	if !found {
		t.Fatalf("test data changed: no %q in\n%s", substr, src)
	}
	return fmt.Sprint(strings.Count(before, "\n") + 1)
}

// TestCancel: a cancelled run stops and says so, leaves no wrong cache
// entries, and a later run completes.
func TestCancel(t *testing.T) {
	dir, cacheDir := module(t), t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(Config{Dir: dir, Patterns: []string{"./app", "./lib"}, Tests: true, Analyzers: []*analysis.Analyzer{marked},
		CacheDir: cacheDir, CacheSalt: "test", Context: ctx})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: err %v, want %v", err, context.Canceled)
	}
	// Cancelled once the go command has listed the packages: the
	// scheduler starts no package.
	ctx, cancel = context.WithCancel(context.Background())
	cfg := Config{Dir: dir, Patterns: []string{"./app", "./lib"}, Tests: true, Analyzers: []*analysis.Analyzer{marked},
		CacheDir: cacheDir, CacheSalt: "test", Context: ctx, Jobs: 1}
	gocmd := &goCmd{ctx: ctx, dir: dir}
	listed, _, err := gocmd.list(cfg.Patterns, true)
	if err != nil {
		t.Fatal(err)
	}
	g, err := newGraph(listed, cfg, gocmd, nil)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	res := &Result{Packages: make(map[string]map[string]AnalyzerResult)}
	_ = g.run(res) // cancelled: its error, if any, is the cancellation; what matters is that nothing was analyzed
	if res.Stats.Analyzed != 0 || len(res.Packages) != 0 {
		t.Errorf("cancelled run analyzed: stats %+v, packages %v", res.Stats, res.Packages)
	}
	full := run(t, dir, cacheDir, "./app", "./lib")
	if got := messages(t, full, dir); !reflect.DeepEqual(got, wantFindings) {
		t.Errorf("after a cancelled run:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}
}

// TestMemo: a memo spares later runs the go command's export data listing
// for unchanged dependencies, and never hands out a changed one's old
// export data.
func TestMemo(t *testing.T) {
	dir, cacheDir := module(t), t.TempDir()
	memo := NewMemo()
	runMemo := func() *Result {
		t.Helper()
		res, err := Run(Config{Dir: dir, Patterns: []string{"./app"}, Tests: true, Analyzers: []*analysis.Analyzer{marked},
			CacheDir: cacheDir, CacheSalt: "test", Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) > 0 {
			t.Fatalf("errors: %v", res.Errors)
		}
		return res
	}
	first := runMemo()
	if first.Stats.ExportListed == 0 {
		t.Fatalf("first run: stats %+v, want export data listed", first.Stats)
	}
	// app changes: its dependencies' export data is remembered.
	app := filepath.Join(dir, "app", "app.go")
	src, _ := os.ReadFile(app)
	mustWrite(t, app, append(src, "\n// edited\n"...))
	second := runMemo()
	if second.Stats.ExportListed != 0 || second.Stats.Analyzed == 0 {
		t.Errorf("after an edit of app: stats %+v, want app analyzed and no export data listed", second.Stats)
	}
	if !reflect.DeepEqual(messages(t, first, dir), messages(t, second, dir)) {
		t.Errorf("findings differ:\n%v\n%v", messages(t, first, dir), messages(t, second, dir))
	}
	if memo.reused != 1 {
		t.Errorf("listings reused: %d, want 1 (an edit of a function body)", memo.reused)
	}
	// The standard library's types come from the memo, and its file set
	// keeps only their files between runs.
	if memo.stdReused == 0 {
		t.Errorf("no standard-library types reused")
	}
	files := func() (n int) {
		memo.fset.Iterate(func(*token.File) bool { n++; return true })
		return n
	}
	kept := files()
	runMemo()
	if again := files(); again != kept || kept == 0 {
		t.Errorf("the memo's file set holds %d files after a run, %d after the next; want the same, not none", kept, again)
	}
	// app imports something new: go list must be asked again.
	mustWrite(t, app, []byte(strings.Replace(string(mustRead(t, app)), `import "example.com/drv/lib"`,
		"import (\n\t\"log\"\n\n\t\"example.com/drv/lib\"\n)\n\nfunc dies() { log.Fatal(1) }\n", 1)))
	reused := memo.reused
	withImport := runMemo()
	if memo.reused != reused {
		t.Errorf("listings reused: %d, want %d: a changed import list needs a new listing", memo.reused, reused)
	}
	if got := strings.Join(messages(t, withImport, dir), "\n"); !strings.Contains(got, "dies never returns") {
		t.Errorf("after adding an import:\n%s\nwant dies never returns", got)
	}
	// lib changes: its new export data is listed, and its new API used.
	lib := filepath.Join(dir, "lib", "lib.go")
	src, _ = os.ReadFile(lib)
	mustWrite(t, lib, []byte(strings.ReplaceAll(string(src), "func Good()", "func Good2() {}\n\nfunc Good()")))
	mustWrite(t, app, []byte(strings.ReplaceAll(string(mustRead(t, app)), "lib.Good()", "lib.Good2()")))
	third := runMemo()
	if third.Stats.ExportListed == 0 {
		t.Errorf("after an edit of lib: stats %+v, want lib's export data listed again", third.Stats)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustWrite(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMemoTestVariant: a package recompiled for a test (user [app.test],
// imported by app's external test, importing app) keeps its remembered
// export data across edits of app, and app's test still sees app's new
// declarations through it.
func TestMemoTestVariant(t *testing.T) {
	dir, cacheDir := module(t), t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "user", "user.go"), []byte("package user\n\nimport \"example.com/drv/app\"\n\n// Use calls app.\nfunc Use() { app.Run() }\n"))
	test := filepath.Join(dir, "app", "app_test.go")
	mustWrite(t, test, []byte(strings.Replace(string(mustRead(t, test)), "func TestRun(t *testing.T) {", "func TestRun(t *testing.T) {\n\tuser.Use()", 1)))
	mustWrite(t, test, []byte(strings.Replace(string(mustRead(t, test)), "\"example.com/drv/app\"", "\"example.com/drv/app\"\n\t\"example.com/drv/user\"", 1)))
	memo := NewMemo()
	runMemo := func() *Result {
		t.Helper()
		res, err := Run(Config{Dir: dir, Patterns: []string{"./app"}, Tests: true, Analyzers: []*analysis.Analyzer{marked},
			CacheDir: cacheDir, CacheSalt: "test", Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) > 0 {
			t.Fatalf("errors: %v", res.Errors)
		}
		return res
	}
	first := runMemo()
	app := filepath.Join(dir, "app", "app.go")
	mustWrite(t, app, append(mustRead(t, app), "\n// Added is new.\nfunc Added() {}\n"...))
	mustWrite(t, test, append(mustRead(t, test), "\nfunc TestAdded(t *testing.T) { app.Added() }\n"...))
	second := runMemo()
	if first.Stats.ExportListed == 0 || second.Stats.ExportListed != 0 {
		t.Errorf("export data listed: %d then %d, want some then none", first.Stats.ExportListed, second.Stats.ExportListed)
	}
	if !reflect.DeepEqual(messages(t, first, dir), messages(t, second, dir)) {
		t.Errorf("findings differ:\n%v\n%v", messages(t, first, dir), messages(t, second, dir))
	}
}
