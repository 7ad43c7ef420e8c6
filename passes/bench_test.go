package passes_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/passes"
)

// benchPackages is the fixed set the per-analyzer benchmarks run on:
// concurrency-heavy standard packages with contexts, channels and errors.
var benchPackages = []string{"net/http", "os/exec", "database/sql", "context", "sync"}

// floor is the baseline every analyzer is compared with: SSA only.
var floor = &analysis.Analyzer{
	Name:     "ssafloor",
	Doc:      "builds SSA and reports nothing",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

// BenchmarkAnalyzers runs each analyzer alone, and all together, over
// benchPackages and their dependencies (facts need the whole closure), next
// to the SSA floor. Compare a sub-benchmark with "floor" to see what the
// analyzer costs above SSA construction:
//
//	go test -run=NONE -bench=Analyzers -benchmem ./passes/
func BenchmarkAnalyzers(b *testing.B) {
	pkgs := load(b, "", benchPackages...)
	cases := []struct {
		name      string
		analyzers []*analysis.Analyzer
	}{{"floor", []*analysis.Analyzer{floor}}, {"all", passes.All()}}
	for _, a := range passes.All() {
		cases = append(cases, struct {
			name      string
			analyzers []*analysis.Analyzer
		}{a.Name, []*analysis.Analyzer{a}})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				analyze(b, c.analyzers, pkgs)
			}
		})
	}
}

// BenchmarkLargeInput runs every analyzer on generated code that is large
// and strange on purpose — a function with thousands of blocks, closures
// nested fifty deep, a generic function instantiated many ways, and a cgo
// file — and fails if one takes longer than a generous bound. A bound in a
// benchmark, not a unit test, because only a benchmark run has the machine
// to itself.
func BenchmarkLargeInput(b *testing.B) {
	dir := b.TempDir()
	writeLargeModule(b, dir)
	pkgs := load(b, dir, "./...")
	const bound = 20 * time.Second
	for _, a := range append([]*analysis.Analyzer{floor}, passes.All()...) {
		b.Run(a.Name, func(b *testing.B) {
			for b.Loop() {
				start := time.Now()
				analyze(b, []*analysis.Analyzer{a}, pkgs)
				if d := time.Since(start); d > bound {
					b.Fatalf("%s took %v on the large input, more than %v", a.Name, d, bound)
				}
			}
		})
	}
}

func load(tb testing.TB, dir string, patterns ...string) []*packages.Package {
	tb.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: false}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatal("packages have errors")
	}
	return pkgs
}

func analyze(tb testing.TB, analyzers []*analysis.Analyzer, pkgs []*packages.Package) {
	tb.Helper()
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for act := range graph.All() {
		if act.Err != nil {
			tb.Fatalf("%s: %v", act, act.Err)
		}
	}
}

// writeLargeModule writes the module BenchmarkLargeInput analyzes.
func writeLargeModule(tb testing.TB, dir string) {
	tb.Helper()
	files := map[string]string{
		"go.mod":         "module large\n\ngo 1.26\n",
		"big/big.go":     bigFunction(3000),
		"deep/deep.go":   deepClosures(50),
		"gen/gen.go":     genericInstances(200),
		"cgo/cgo.go":     cgoFile,
		"cgo/nocgo.go":   "//go:build !cgo\n\npackage cgo\n\nfunc Twice(x int) int { return 2 * x }\n",
		"old/old.go":     "//go:build go1.21\n\npackage old\n\n" + strings.SplitN(bigFunction(200), "\n\n", 2)[1],
		"empty/empty.go": "package empty\n",
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		delete(files, "cgo/cgo.go")
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// bigFunction returns a package with one function of n statements, each
// adding blocks: branches, channel operations, selects, defers in loops,
// goroutines, contexts and wrapped errors, so every analyzer has work.
func bigFunction(n int) string {
	var sb strings.Builder
	sb.WriteString("package big\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\n\n")
	sb.WriteString("var ErrX = errors.New(\"x\")\n\n")
	sb.WriteString("func Big(ctx context.Context, xs []int, ch chan int) (err error) {\n\tdone := make(chan struct{})\n\ti := 0\n")
	for k := 0; k < n; k++ {
		switch k % 8 {
		case 0:
			fmt.Fprintf(&sb, "\tif len(xs) > %d {\n\t\ti += xs[%d]\n\t} else {\n\t\ti--\n\t}\n", k, k%7)
		case 1:
			fmt.Fprintf(&sb, "\tselect {\n\tcase v := <-ch:\n\t\ti += v\n\tcase <-ctx.Done():\n\t\treturn ctx.Err()\n\tcase <-time.After(%d):\n\t}\n", k)
		case 2:
			fmt.Fprintf(&sb, "\tfor j := 0; j < i%%%d; j++ {\n\t\tif j == %d {\n\t\t\tbreak\n\t\t}\n\t\ti++\n\t}\n", k+1, k)
		case 3:
			fmt.Fprintf(&sb, "\tgo func(v int) {\n\t\tselect {\n\t\tcase ch <- v:\n\t\tcase <-done:\n\t\t}\n\t}(%d)\n", k)
		case 4:
			fmt.Fprintf(&sb, "\tif err := os.Remove(\"f%d\"); err != nil && !errors.Is(err, ErrX) {\n\t\terr = fmt.Errorf(\"remove %d: %%w\", err)\n\t\t_ = err\n\t}\n", k, k)
		case 5:
			fmt.Fprintf(&sb, "\tswitch i %% 5 {\n\tcase 0:\n\t\ti += %d\n\tcase 1:\n\t\ti -= 2\n\tdefault:\n\t\ti *= 3\n\t}\n", k)
		case 6:
			fmt.Fprintf(&sb, "\tfor _, x := range xs {\n\t\tif x == %d {\n\t\t\tcontinue\n\t\t}\n\t\ti += x\n\t}\n", k)
		case 7:
			fmt.Fprintf(&sb, "\tif c, cancel := context.WithTimeout(ctx, %d); c != nil {\n\t\tcancel()\n\t}\n", k)
		}
	}
	sb.WriteString("\tclose(done)\n\t_ = i\n\treturn nil\n}\n")
	return sb.String()
}

// deepClosures returns a package with func literals nested depth deep,
// each capturing the variables of all enclosing ones.
func deepClosures(depth int) string {
	var sb strings.Builder
	sb.WriteString("package deep\n\nfunc Deep(ch chan int) int {\n\tv0 := 0\n")
	for d := 1; d <= depth; d++ {
		fmt.Fprintf(&sb, "%sf%d := func() int {\n%s\tv%d := v%d + 1\n", strings.Repeat("\t", d), d, strings.Repeat("\t", d), d, d-1)
	}
	fmt.Fprintf(&sb, "%s\tgo func() { ch <- v%d }()\n%s\treturn v%d\n", strings.Repeat("\t", depth), depth, strings.Repeat("\t", depth), depth)
	for d := depth; d >= 1; d-- {
		fmt.Fprintf(&sb, "%s}\n%s_ = f%d\n", strings.Repeat("\t", d), strings.Repeat("\t", d), d)
		if d > 1 {
			fmt.Fprintf(&sb, "%sreturn f%d()\n", strings.Repeat("\t", d), d)
		}
	}
	sb.WriteString("\treturn f1()\n}\n")
	return sb.String()
}

// genericInstances returns a package with a generic channel pipeline
// instantiated with n distinct types.
func genericInstances(n int) string {
	var sb strings.Builder
	sb.WriteString("package gen\n\nimport \"context\"\n\n")
	sb.WriteString("func Stage[T any](ctx context.Context, in <-chan T) <-chan T {\n\tout := make(chan T)\n\tgo func() {\n\t\tdefer close(out)\n\t\tfor v := range in {\n\t\t\tselect {\n\t\t\tcase out <- v:\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}()\n\treturn out\n}\n\n")
	for k := 0; k < n; k++ {
		fmt.Fprintf(&sb, "type T%d struct{ v [%d]byte }\n\n", k, k%5)
	}
	sb.WriteString("func All(ctx context.Context) {\n")
	for k := 0; k < n; k++ {
		fmt.Fprintf(&sb, "\tfor range Stage(ctx, make(chan T%d)) {\n\t}\n", k)
	}
	sb.WriteString("}\n")
	return sb.String()
}

const cgoFile = `package cgo

// static int twice(int x) { return 2 * x; }
import "C"

func Twice(x int) int {
	ch := make(chan int)
	go func() { ch <- int(C.twice(C.int(x))) }()
	return <-ch
}
`
