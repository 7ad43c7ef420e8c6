// Package driver runs go/analysis analyzers over package patterns in one
// process, one package at a time, keeping only what later packages need.
//
// It exists for speed and memory. The x/tools standalone checker holds the
// syntax, types and SSA of the whole import closure at once (several GB on
// the standard library); `go vet -vettool` holds one package per process
// but starts one process per dependency and type-checks every dependency
// from source. This driver asks `go list` for the package graph once and
// then, in dependency order and in parallel:
//
//   - standard-library dependencies come from the compiler's export data,
//     never analyzed: leakvet's knowledge of the standard library is built
//     into its analyzers, as for any driver that skips it (Bazel's nogo),
//     except for ctrlflow's "does not return" facts, which SSA construction
//     needs and which come from a table generated from the standard library
//     (stdnoreturn.go);
//   - other dependencies are type-checked from source and analyzed only by
//     the analyzers that export facts, whose facts are kept;
//   - the packages named by the patterns (and their test variants) are
//     type-checked and analyzed in full, and their diagnostics kept.
//
// Once a package is done its syntax, type information and SSA are dropped;
// its *types.Package stays for the packages that import it, and its facts
// stay encoded by object path. With a cache directory, a package whose
// sources, dependencies, analyzers and flags have not changed is not
// analyzed again: its diagnostics and facts are replayed from the cache,
// and it is not even type-checked unless a changed package imports it.
package driver

import (
	"fmt"
	"go/types"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Config says what to analyze and how.
type Config struct {
	Dir       string   // where to run the go command
	Patterns  []string // package patterns, as for go list
	Tags      string   // build tags, comma-separated
	Tests     bool     // analyze the test variants too, as go vet does
	Analyzers []*analysis.Analyzer
	// CacheDir, when not empty, is where results are kept between runs.
	CacheDir string
	// CacheSalt identifies the analyzers' code and configuration in cache
	// keys: the binary's build ID and the analyzer flags.
	CacheSalt string
	Jobs      int // packages analyzed at once; 0 means GOMAXPROCS
}

// Result is what a run found.
type Result struct {
	// Packages maps a package ID to, for each root analyzer that ran on it,
	// its diagnostics (possibly none) or its error.
	Packages map[string]map[string]AnalyzerResult
	// Errors are problems that stop packages from being analyzed: patterns
	// that match nothing, packages that do not load or type-check. Each is
	// one line, already formatted.
	Errors []string
	// Stats counts what the run did, for -debug output and tests.
	Stats Stats
}

// AnalyzerResult is one analyzer's outcome on one package.
type AnalyzerResult struct {
	Diagnostics []Diagnostic
	Err         string
}

// Stats counts the packages by what was done with them.
type Stats struct {
	Analyzed, FactsOnly, TypesOnly, FromExport, FromCache int
}

// Diagnostic is an analysis.Diagnostic with its positions resolved, in the
// shape of the x/tools checker's -json output.
type Diagnostic struct {
	Category       string          `json:"category,omitempty"`
	Posn           string          `json:"posn"`
	End            string          `json:"end"`
	Message        string          `json:"message"`
	SuggestedFixes []SuggestedFix  `json:"suggested_fixes,omitempty"`
	Related        []RelatedInfo   `json:"related,omitempty"`
	sortKey        diagnosticOrder // not exported: order within a file
}

// SuggestedFix is a fix of a Diagnostic: edits to apply together.
type SuggestedFix struct {
	Message string     `json:"message"`
	Edits   []TextEdit `json:"edits"`
}

// TextEdit replaces the bytes [Start, End) of a file with New.
type TextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// RelatedInfo is a secondary position of a Diagnostic: the other close,
// the select that returns.
type RelatedInfo struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type diagnosticOrder struct {
	file   string
	offset int
}

// Run analyzes the packages cfg names.
func Run(cfg Config) (*Result, error) {
	if cfg.Jobs <= 0 {
		cfg.Jobs = runtime.GOMAXPROCS(0)
	}
	listed, warnings, err := goList(cfg.Dir, cfg.Patterns, cfg.Tags, cfg.Tests)
	if err != nil {
		return nil, err
	}
	res := &Result{Packages: make(map[string]map[string]AnalyzerResult)}
	res.Errors = append(res.Errors, warnings...)
	g, err := newGraph(listed, cfg)
	if err != nil {
		return nil, err
	}
	res.Errors = append(res.Errors, g.listErrors()...)
	if err := g.run(res); err != nil {
		return nil, err
	}
	sort.Strings(res.Errors)
	res.Errors = dedupe(res.Errors)
	return res, nil
}

// dedupe drops adjacent repeats from sorted lines: go list reports an
// import error once for every package variant that has it.
func dedupe(lines []string) []string {
	out := lines[:0]
	for i, l := range lines {
		if i == 0 || l != lines[i-1] {
			out = append(out, l)
		}
	}
	return out
}

// analyzerPlan is the order in which analyzers run on a package, computed
// once: every analyzer after those it requires.
type analyzerPlan struct {
	roots     map[*analysis.Analyzer]bool
	full      []*analysis.Analyzer // everything the roots need
	factsOnly []*analysis.Analyzer // what exports facts, and what that needs
	factTypes map[string]map[string]func() analysis.Fact
}

func newAnalyzerPlan(roots []*analysis.Analyzer) (*analyzerPlan, error) {
	if err := analysis.Validate(roots); err != nil {
		return nil, err
	}
	p := &analyzerPlan{roots: make(map[*analysis.Analyzer]bool), factTypes: make(map[string]map[string]func() analysis.Fact)}
	for _, a := range roots {
		p.roots[a] = true
	}
	p.full = withPrerequisites(roots)
	names := make(map[string]*analysis.Analyzer)
	var exporters []*analysis.Analyzer
	for _, a := range p.full {
		if other, ok := names[a.Name]; ok && other != a {
			return nil, fmt.Errorf("two analyzers are named %s", a.Name)
		}
		names[a.Name] = a
		for _, f := range a.FactTypes {
			if p.factTypes[a.Name] == nil {
				p.factTypes[a.Name] = make(map[string]func() analysis.Fact)
			}
			p.factTypes[a.Name][factTypeName(f)] = newFactFunc(f)
		}
		if len(a.FactTypes) > 0 {
			exporters = append(exporters, a)
		}
	}
	// Facts-only runs need what exports facts of its own, and its
	// prerequisites. The x/tools passes other than ctrlflow export no facts
	// leakvet reads; ctrlflow's "does not return" facts shape the SSA of
	// every later package.
	p.factsOnly = withPrerequisites(exporters)
	return p, nil
}

// withPrerequisites returns the analyzers and everything they require,
// each after its requirements.
func withPrerequisites(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var order []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		order = append(order, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	return order
}

// goVersionOf returns the Go language version a package is compiled at:
// its module's go line, go1.16 for a module without one (as the go command
// does), and the toolchain's own for the standard library.
func goVersionOf(lp *listedPackage, toolchain string) string {
	if lp.Module == nil {
		return toolchain
	}
	if lp.Module.GoVersion == "" {
		return "go1.16"
	}
	return "go" + lp.Module.GoVersion
}

// languageVersion trims a toolchain version such as go1.26.8 to the
// language version go1.26.
func languageVersion(v string) string {
	v, _, _ = strings.Cut(v, " ")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return v
}

// sizes are those of the target platform, as the go command would compile.
func sizesFor(goarch string) types.Sizes {
	if s := types.SizesFor("gc", goarch); s != nil {
		return s
	}
	return types.SizesFor("gc", "amd64")
}
