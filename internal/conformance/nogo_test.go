package conformance

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/passes"
)

// TestAnalyzersValid checks the analyzer graph the way every driver does
// before running it.
func TestAnalyzersValid(t *testing.T) {
	if err := analysis.Validate(passes.All()); err != nil {
		t.Fatal(err)
	}
	for _, a := range passes.All() {
		for _, f := range a.FactTypes {
			if err := gob.NewEncoder(new(bytes.Buffer)).Encode(f); err != nil {
				t.Errorf("%s: fact type %T is not gob-encodable: %v", a.Name, f, err)
			}
		}
	}
}

// forbiddenImports are packages through which an analyzer would read the
// world around the pass: files, processes, the network, the build system.
var forbiddenImports = map[string]string{
	"os/exec":                        "runs processes",
	"go/build":                       "reads the build context of the machine",
	"golang.org/x/tools/go/packages": "loads packages itself",
	"io/ioutil":                      "reads files",
	"net":                            "uses the network",
	"net/http":                       "uses the network",
	"plugin":                         "loads code",
}

// forbiddenOS are the os functions that read or change the machine.
var forbiddenOS = []string{
	"Getenv", "LookupEnv", "Environ", "Setenv", "ReadFile", "WriteFile", "Open", "OpenFile", "Create",
	"ReadDir", "Stat", "Lstat", "Getwd", "Chdir", "Exit", "Args", "Stdin", "Stdout", "Stderr", "Hostname",
}

// allowedFlag are the flag package's types: an analyzer declares its flags
// on Analyzer.Flags (a flag.FlagSet); everything else in package flag
// works on the process-wide flag.CommandLine, which drivers own.
var allowedFlag = []string{"FlagSet", "Flag", "Value", "Getter", "ErrorHandling", "ContinueOnError", "ExitOnError", "PanicOnError", "ErrHelp"}

// TestNoDriverAssumptions reads the analyzers' source: none may use
// pass.Module or pass.ReadFile (nil under nogo and other drivers), the
// process-wide flag set, the environment or the file system.
func TestNoDriverAssumptions(t *testing.T) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo,
		Dir: "../..",
	}
	pkgs, err := packages.Load(cfg, "github.com/leakvet/leakvet/passes/...")
	if err != nil {
		t.Fatal(err)
	}
	registered := make(map[string]bool) // package path -> in passes.All()
	for _, a := range passes.All() {
		registered[analyzerPkgPath(a)] = true
	}
	checked := 0
	for _, pkg := range pkgs {
		if strings.Contains(pkg.PkgPath, "/testdata/") || len(pkg.Errors) > 0 {
			continue // work in progress or fixtures: not part of leakvet yet
		}
		// Only registered analyzers and the shared code under
		// passes/internal are held to the contract; a package being
		// written is checked once it is in passes.All().
		if !registered[pkg.PkgPath] && !strings.Contains(pkg.PkgPath, "/passes/internal/") && pkg.PkgPath != "github.com/leakvet/leakvet/passes" {
			continue
		}
		checked++
		for _, problem := range checkSource(pkg) {
			t.Error(problem)
		}
	}
	if checked < len(passes.All()) {
		t.Errorf("checked %d packages, fewer than the %d analyzers", checked, len(passes.All()))
	}
}

// The check finds what it looks for: testdata/bad breaks every rule.
func TestNoDriverAssumptionsCatches(t *testing.T) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo,
	}
	pkgs, err := packages.Load(cfg, "./testdata/bad")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("loading testdata/bad: %v %v", err, pkgs)
	}
	got := strings.Join(checkSource(pkgs[0]), "\n")
	for _, want := range []string{"pass.Module", "pass.ReadFile", "flag.Bool", "os.Getenv", "os.ReadFile", "imports os/exec"} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem reported for %s; got:\n%s", want, got)
		}
	}
}

// analyzerPkgPath returns the import path of the package defining a's
// Run function.
func analyzerPkgPath(a *analysis.Analyzer) string {
	fn := runtime.FuncForPC(reflect.ValueOf(a.Run).Pointer())
	if fn == nil {
		return ""
	}
	// "github.com/leakvet/leakvet/passes/deferloop.run" -> the path.
	name := fn.Name()
	slash := strings.LastIndex(name, "/")
	dot := strings.Index(name[slash+1:], ".")
	if dot < 0 {
		return name
	}
	return name[:slash+1+dot]
}

// checkSource returns the driver assumptions pkg's source makes.
func checkSource(pkg *packages.Package) []string {
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for path := range pkg.Imports {
		if why := forbiddenImports[path]; why != "" {
			errorf("%s imports %s, which %s: an analyzer gets all its input from the pass", pkg.PkgPath, path, why)
		}
	}
	for _, f := range pkg.Syntax {
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pos := pkg.Fset.Position(sel.Pos())
			if s := pkg.TypesInfo.Selections[sel]; s != nil {
				if isPass(s.Recv()) && (s.Obj().Name() == "Module" || s.Obj().Name() == "ReadFile") {
					errorf("%s: uses pass.%s, which is nil under nogo and other drivers", pos, s.Obj().Name())
				}
				return true
			}
			obj := pkg.TypesInfo.Uses[sel.Sel]
			if obj == nil || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
				return true
			}
			switch obj.Pkg().Path() {
			case "flag":
				if !slices.Contains(allowedFlag, obj.Name()) {
					errorf("%s: uses flag.%s: declare flags on Analyzer.Flags, the only configuration every driver passes on", pos, obj.Name())
				}
			case "os":
				if slices.Contains(forbiddenOS, obj.Name()) {
					errorf("%s: uses os.%s: an analyzer reads nothing but the pass", pos, obj.Name())
				}
			}
			return true
		})
	}
	return problems
}

func isPass(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Name() == "Pass" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "golang.org/x/tools/go/analysis"
}

// TestNogoDriver runs every registered analyzer over every analyzer's
// testdata through a driver that behaves as nogo does: pass.Module and
// pass.ReadFile are nil, the standard library is never analyzed (so there
// are no facts about it), and every fact crosses packages gob-encoded. An
// analyzer must neither panic nor fail there.
func TestNogoDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the standard library from source")
	}
	all := passes.All()
	order := topoOrder(all)
	dirs, _ := filepath.Glob("../../passes/*/testdata/src")
	if len(dirs) == 0 {
		t.Fatal("no analyzer testdata found")
	}
	for _, src := range dirs {
		src, _ := filepath.Abs(src)
		name := filepath.Base(filepath.Dir(filepath.Dir(src)))
		t.Run(name, func(t *testing.T) {
			pkgs := loadGOPATH(t, src)
			d := &driver{t: t, order: order, facts: make(map[factKey]analysis.Fact)}
			packages.Visit(pkgs, nil, func(p *packages.Package) {
				if len(p.Errors) > 0 || len(p.GoFiles) == 0 || !strings.HasPrefix(p.GoFiles[0], src) {
					return // std, a dependency outside testdata, or broken on purpose
				}
				d.analyze(p)
			})
			if d.analyzed == 0 {
				t.Errorf("no package of %s analyzed", src)
			}
			t.Logf("%d packages, %d diagnostics", d.analyzed, d.diagnostics)
		})
	}
}

// loadGOPATH loads every package under src (a GOPATH src directory, as
// analysistest lays testdata out) with the syntax of its dependencies, so
// that objects are shared across packages and facts can be keyed by them.
func loadGOPATH(t *testing.T, src string) []*packages.Package {
	t.Helper()
	var patterns []string
	walkErr := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(src, filepath.Dir(path))
			if p := filepath.ToSlash(rel); !slices.Contains(patterns, p) {
				patterns = append(patterns, p)
			}
		}
		return nil
	})
	if walkErr != nil {
		t.Fatal(walkErr)
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo | packages.NeedTypesSizes,
		Dir: src,
		Env: append(os.Environ(), "GO111MODULE=off", "GOPATH="+filepath.Dir(src), "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// topoOrder lists analyzers and everything they require, requirements first.
func topoOrder(roots []*analysis.Analyzer) []*analysis.Analyzer {
	var order []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	for _, a := range roots {
		visit(a)
	}
	return order
}

type factKey struct {
	a   *analysis.Analyzer
	obj types.Object   // nil for a package fact
	pkg *types.Package // for a package fact
	typ reflect.Type
}

type driver struct {
	t           *testing.T
	order       []*analysis.Analyzer
	facts       map[factKey]analysis.Fact
	analyzed    int
	diagnostics int
}

func (d *driver) analyze(p *packages.Package) {
	d.analyzed++
	results := make(map[*analysis.Analyzer]any)
	for _, a := range d.order {
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         p.Fset,
			Files:        p.Syntax,
			OtherFiles:   p.OtherFiles,
			IgnoredFiles: p.IgnoredFiles,
			Pkg:          p.Types,
			TypesInfo:    p.TypesInfo,
			TypesSizes:   p.TypesSizes,
			ResultOf:     make(map[*analysis.Analyzer]any),
			Report:       func(analysis.Diagnostic) { d.diagnostics++ },
			// Module and ReadFile stay nil, as under nogo.
		}
		for _, r := range a.Requires {
			pass.ResultOf[r] = results[r]
		}
		d.bindFacts(pass)
		res, err := d.run(pass)
		if err != nil {
			d.t.Errorf("%s on %s: %v", a.Name, p.PkgPath, err)
		}
		results[a] = res
	}
}

func (d *driver) run(pass *analysis.Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return pass.Analyzer.Run(pass)
}

func (d *driver) bindFacts(pass *analysis.Pass) {
	a := pass.Analyzer
	declared := func(f analysis.Fact) bool {
		for _, ft := range a.FactTypes {
			if reflect.TypeOf(ft) == reflect.TypeOf(f) {
				return true
			}
		}
		d.t.Errorf("%s: fact %T is not among its FactTypes", a.Name, f)
		return false
	}
	pass.ExportObjectFact = func(obj types.Object, f analysis.Fact) {
		if obj == nil || obj.Pkg() != pass.Pkg {
			d.t.Errorf("%s: ExportObjectFact(%v) for an object outside package %s", a.Name, obj, pass.Pkg.Path())
			return
		}
		if declared(f) {
			d.facts[factKey{a: a, obj: obj, typ: reflect.TypeOf(f)}] = d.roundTrip(a, f)
		}
	}
	pass.ExportPackageFact = func(f analysis.Fact) {
		if declared(f) {
			d.facts[factKey{a: a, pkg: pass.Pkg, typ: reflect.TypeOf(f)}] = d.roundTrip(a, f)
		}
	}
	pass.ImportObjectFact = func(obj types.Object, ptr analysis.Fact) bool {
		return d.load(factKey{a: a, obj: obj, typ: reflect.TypeOf(ptr)}, ptr)
	}
	pass.ImportPackageFact = func(pkg *types.Package, ptr analysis.Fact) bool {
		return d.load(factKey{a: a, pkg: pkg, typ: reflect.TypeOf(ptr)}, ptr)
	}
	pass.AllObjectFacts = func() []analysis.ObjectFact {
		var out []analysis.ObjectFact
		for k, f := range d.facts {
			if k.a == a && k.obj != nil {
				out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
			}
		}
		return out
	}
	pass.AllPackageFacts = func() []analysis.PackageFact {
		var out []analysis.PackageFact
		for k, f := range d.facts {
			if k.a == a && k.pkg != nil {
				out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
			}
		}
		return out
	}
}

// roundTrip returns f after gob encoding and decoding, as it reaches the
// packages that import it under nogo and go vet.
func (d *driver) roundTrip(a *analysis.Analyzer, f analysis.Fact) analysis.Fact {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(f); err != nil {
		d.t.Errorf("%s: fact %T does not gob-encode: %v", a.Name, f, err)
		return f
	}
	out := reflect.New(reflect.TypeOf(f).Elem()).Interface().(analysis.Fact)
	if err := gob.NewDecoder(&buf).Decode(out); err != nil {
		d.t.Errorf("%s: fact %T does not gob-decode: %v", a.Name, f, err)
		return f
	}
	return out
}

func (d *driver) load(k factKey, ptr analysis.Fact) bool {
	f, ok := d.facts[k]
	if !ok {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	return true
}
