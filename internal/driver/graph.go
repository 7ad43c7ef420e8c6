package driver

import (
	"container/heap"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// mode is what the driver does with a package.
type mode int

const (
	// modeSkip: nothing (the generated main package of a test binary, or
	// a plain package whose test variant is analyzed instead and which
	// nothing imports).
	modeSkip mode = iota
	// modeExport: not analyzed; types from the compiler's export data
	// (standard-library dependencies).
	modeExport
	// modeTypes: a dependency recompiled for a test (q [p.test]), not
	// analyzed: its types are read from the plain package's export data
	// with references to p bound to p's test variant, and its facts are
	// those of the plain package.
	modeTypes
	// modeFacts: analyzed by the fact-exporting analyzers only; the
	// diagnostics are nobody's concern (other modules' packages).
	modeFacts
	// modeFull: analyzed, diagnostics reported (the packages the patterns
	// name, and their test variants).
	modeFull
)

// node is one package of the graph.
type node struct {
	lp      *listedPackage
	mode    mode
	imports []*node // direct dependencies, in go list's order
	// provides: packages the run type-checks or reads depend on n's
	// types. Decided before the run.
	provides bool
	users    int // processed packages that depend on n, not yet done

	types *types.Package // what importers see: export data, or a test variant's source
	err   bool           // it, or a dependency, failed to load: dependents skip analysis

	key      string       // cache key (modeFacts, modeFull), set before the run
	hit      *cacheEntry  // the cached result, if any
	facts    []storedFact // encoded facts (analyzed or replayed packages)
	decoded  *factTable   // facts decoded against types, once
	decodeMu sync.Mutex
}

// graph is the package graph of one run.
type graph struct {
	cfg       Config
	nodes     []*node // dependency order
	byID      map[string]*node
	plan      *analyzerPlan
	fset      *token.FileSet
	sizes     types.Sizes
	toolchain string // language version of the standard library, e.g. go1.26
	// buildEnv is what the go command builds with (version, GOROOT,
	// platform, cgo, experiments): it stands for the standard library in
	// cache keys.
	buildEnv string
	exportMu sync.Mutex
	export   map[string]string // package ID -> export data file

	pkgNodesMu sync.Mutex
	pkgNodes   map[*types.Package]*node
	cache      *cache
}

func newGraph(listed []*listedPackage, cfg Config) (*graph, error) {
	plan, err := newAnalyzerPlan(cfg.Analyzers)
	if err != nil {
		return nil, err
	}
	g := &graph{
		cfg:      cfg,
		byID:     make(map[string]*node, len(listed)),
		plan:     plan,
		fset:     token.NewFileSet(),
		pkgNodes: make(map[*types.Package]*node),
	}
	for _, lp := range listed {
		n := &node{lp: lp}
		g.nodes = append(g.nodes, n)
		g.byID[lp.ImportPath] = n
	}
	imported := make(map[string]bool)
	for _, n := range g.nodes {
		for _, id := range n.lp.Imports {
			if dep := g.byID[id]; dep != nil {
				n.imports = append(n.imports, dep)
				imported[id] = true
			}
		}
	}
	hasTestVariant := make(map[string]bool) // p has p [p.test]
	tested := make(map[string]bool)         // p has a test binary
	for _, n := range g.nodes {
		if n.lp.ForTest != "" {
			tested[n.lp.ForTest] = true
			if n.lp.path() == n.lp.ForTest {
				hasTestVariant[n.lp.ForTest] = true
			}
		}
	}
	for _, n := range g.nodes {
		n.mode = modeOf(n.lp, tested, hasTestVariant, imported)
	}
	if err := g.readGoEnv(); err != nil {
		return nil, err
	}
	if cfg.CacheDir != "" {
		g.cache = openCache(cfg.CacheDir)
	}
	return g, nil
}

// modeOf decides what to do with a listed package.
func modeOf(lp *listedPackage, tested, hasTestVariant, imported map[string]bool) mode {
	switch {
	case lp.Name == "main" && lp.ForTest == "" && tested[strings.TrimSuffix(lp.ImportPath, ".test")]:
		// The generated main package of p's test binary, which go vet
		// does not analyze either.
		return modeSkip
	case lp.ForTest != "":
		// p [p.test] and p_test [p.test] are what go vet analyzes for a
		// package with tests; any other variant is a dependency
		// recompiled against p's test files.
		if id := lp.ImportPath; id == lp.ForTest+" ["+lp.ForTest+".test]" || id == lp.ForTest+"_test ["+lp.ForTest+".test]" {
			return modeFull
		}
		return modeTypes
	case !lp.DepOnly:
		if hasTestVariant[lp.ImportPath] {
			// Its test variant holds the same files and is reported;
			// the plain package is only needed for its importers.
			if imported[lp.ImportPath] {
				return modeFacts
			}
			return modeSkip
		}
		return modeFull
	case lp.Standard:
		return modeExport
	default:
		return modeFacts
	}
}

// markNeeded decides which packages the run touches: every package to
// analyze that the cache cannot replay needs its dependencies' types, and a
// package read from export data needs those of its own dependencies (the
// reader resolves references to them). It also counts, for each package,
// the packages that depend on it, so that its types can be dropped once
// nothing needs them.
func (g *graph) markNeeded() {
	for i := len(g.nodes) - 1; i >= 0; i-- {
		n := g.nodes[i]
		if (n.mode >= modeFacts && n.hit == nil) || n.provides {
			for _, dep := range n.imports {
				dep.provides = true
			}
		}
	}
	for _, n := range g.nodes {
		if n.runs() {
			for _, dep := range transitiveImports(n) {
				dep.users++
			}
		}
	}
}

// runs reports whether the run processes n at all.
func (n *node) runs() bool {
	return n.provides || (n.mode >= modeFacts && n.hit == nil) || n.hit != nil
}

// release notes that n no longer needs its dependencies' types, and drops
// the types of those that no package still to run depends on: a package
// only reaches another's types through its dependencies, so nothing can
// need them again. (Test variants, type-checked from source, are the
// largest.) Encoded facts stay: they are small.
func (g *graph) release(n *node) {
	for _, dep := range transitiveImports(n) {
		g.pkgNodesMu.Lock()
		dep.users--
		if dep.users == 0 && dep.types != nil {
			delete(g.pkgNodes, dep.types)
			dep.types = nil
			dep.decoded = nil
		}
		g.pkgNodesMu.Unlock()
	}
}

// readGoEnv asks the go command what it builds with, which need not be
// what leakvet was built with: the standard library's Go version and the
// target platform.
func (g *graph) readGoEnv() error {
	vars := []string{"GOVERSION", "GOROOT", "GOOS", "GOARCH", "CGO_ENABLED", "GOEXPERIMENT"}
	out, stderr, err := runGo(g.cfg.Dir, append([]string{"env"}, vars...))
	if err != nil {
		return fmt.Errorf("go env: %w\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(vars) {
		return fmt.Errorf("go env: unexpected output %q", out)
	}
	g.toolchain = languageVersion(lines[0])
	g.sizes = sizesFor(lines[3])
	g.buildEnv = strings.Join(lines, " ")
	return nil
}

// listErrors are the problems go list found: a package that does not
// exist, a file that does not parse, an import that cannot be resolved.
func (g *graph) listErrors() []string {
	var errs []string
	for _, n := range g.nodes {
		if n.lp.Error == nil || n.mode == modeSkip {
			continue
		}
		errs = append(errs, n.lp.Error.String())
		n.err = true
	}
	return errs
}

// nodeOf returns the node whose types pkg is, or nil.
func (g *graph) nodeOf(pkg *types.Package) *node {
	g.pkgNodesMu.Lock()
	defer g.pkgNodesMu.Unlock()
	return g.pkgNodes[pkg]
}

func (g *graph) setTypes(n *node, pkg *types.Package) {
	n.types = pkg
	if pkg != nil {
		g.pkgNodesMu.Lock()
		g.pkgNodes[pkg] = n
		g.pkgNodesMu.Unlock()
	}
}

// run loads and analyzes every package that needs it.
func (g *graph) run(res *Result) error {
	if g.cache != nil {
		g.computeKeys()
		if g.cache != nil {
			g.lookupCache()
		}
	}
	g.markNeeded()
	if err := g.readExportFiles(); err != nil {
		return err
	}
	g.schedule(res)
	if g.cache != nil {
		g.cache.trim()
	}
	return nil
}

// schedule processes the packages the run needs, each once its
// dependencies are done, at most cfg.Jobs at a time. Of the packages ready,
// the one earliest in go list's order goes first: go list lists a test's
// packages together, so a test variant's source types, which are large,
// are dropped soon after they are made rather than piling up across many
// tests in progress.
func (g *graph) schedule(res *Result) {
	index := make(map[*node]int, len(g.nodes))
	waiting := make([]int, len(g.nodes))
	dependents := make([][]int, len(g.nodes))
	for i, n := range g.nodes {
		index[n] = i
	}
	for i, n := range g.nodes {
		if !n.runs() {
			continue
		}
		for _, dep := range g.waitsOf(n) {
			if dep.runs() {
				waiting[i]++
				dependents[index[dep]] = append(dependents[index[dep]], i)
			}
		}
	}
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	ready := &readyQueue{}
	remaining := 0
	for i, n := range g.nodes {
		if n.runs() {
			remaining++
			if waiting[i] == 0 {
				heap.Push(ready, i)
			}
		}
	}
	var wg sync.WaitGroup
	for range g.cfg.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			for {
				for ready.Len() == 0 && remaining > 0 {
					cond.Wait()
				}
				if remaining == 0 {
					cond.Broadcast()
					return
				}
				i := heap.Pop(ready).(int)
				mu.Unlock()
				n := g.nodes[i]
				out := g.processSafely(n)
				g.release(n)
				mu.Lock()
				out.mergeInto(res)
				remaining--
				for _, d := range dependents[i] {
					if waiting[d]--; waiting[d] == 0 {
						heap.Push(ready, d)
					}
				}
				cond.Broadcast()
			}
		}()
	}
	wg.Wait()
}

// waitsOf returns the packages n must wait for: what it imports and, for a
// dependency recompiled for a test, the plain package whose facts it
// shares.
func (g *graph) waitsOf(n *node) []*node {
	if n.mode != modeTypes {
		return n.imports
	}
	plain := g.byID[n.lp.path()]
	if plain == nil {
		return n.imports
	}
	return append(n.imports[:len(n.imports):len(n.imports)], plain)
}

// readyQueue is a min-heap of node indexes.
type readyQueue []int

func (q readyQueue) Len() int           { return len(q) }
func (q readyQueue) Less(i, j int) bool { return q[i] < q[j] }
func (q readyQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *readyQueue) Push(x any)        { *q = append(*q, x.(int)) }
func (q *readyQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// readExportFiles finds the export data of every package whose importers
// need its types, unless it is a test variant: importers read a package's types from it even when the
// package itself is analyzed from source, because export data is a
// fraction of the memory of type-checked source, and stays for the whole
// run. (Test variants have none unless their tests are compiled, which go
// vet does not need either: they are type-checked from source.)
func (g *graph) readExportFiles() error {
	var ids []string
	seen := make(map[string]bool)
	for _, n := range g.nodes {
		if n.provides && (n.lp.ForTest == "" || n.mode == modeTypes) {
			if path := n.lp.path(); path != "unsafe" && !seen[path] {
				seen[path] = true
				ids = append(ids, path)
			}
		}
	}
	files, err := exportFiles(g.cfg.Dir, ids, g.cfg.Tags)
	if err != nil {
		return err
	}
	g.export = files
	return nil
}

// outcome is what processing one package adds to the result.
type outcome struct {
	id       string
	report   bool
	analyzed map[string]AnalyzerResult
	errors   []string
	stat     func(*Stats)
}

func (o *outcome) mergeInto(res *Result) {
	if o.report && o.analyzed != nil {
		res.Packages[o.id] = o.analyzed
	}
	res.Errors = append(res.Errors, o.errors...)
	if o.stat != nil {
		o.stat(&res.Stats)
	}
}

// processSafely is process, with a panic (in the type checker, the export
// data reader or the driver itself; analyzers' panics are caught closer)
// turned into an error on n, so that the rest of the run goes on.
func (g *graph) processSafely(n *node) (out *outcome) {
	defer func() {
		if r := recover(); r != nil {
			n.err = true
			out = &outcome{errors: []string{fmt.Sprintf("%s: internal error: panic: %v\n%s", n.lp.ImportPath, r, debug.Stack())}}
		}
	}()
	return g.process(n)
}

// process does what n's mode asks, once its dependencies are done: analyze
// it (unless the cache replays it), then make its types available to the
// packages that import it.
func (g *graph) process(n *node) *outcome {
	// Results are keyed by import path, as go vet keys them: a package's
	// test variant is reported in its place.
	out := &outcome{id: n.lp.path(), report: n.mode == modeFull}
	for _, dep := range n.imports {
		if dep.err {
			n.err = true
		}
	}
	if n.err {
		return out
	}
	analyzed := false
	switch {
	case n.hit != nil:
		n.facts = n.hit.Facts
		out.analyzed = n.hit.Results
		out.stat = func(s *Stats) { s.FromCache++ }
	case n.mode == modeFacts || n.mode == modeFull:
		pkg, unit, errs := g.typeCheck(n)
		if len(errs) > 0 {
			out.errors = append(out.errors, errs...)
			n.err = true
			return out
		}
		analyzers := g.plan.full
		out.stat = func(s *Stats) { s.Analyzed++ }
		if n.mode == modeFacts {
			analyzers = g.plan.factsOnly
			out.stat = func(s *Stats) { s.FactsOnly++ }
		}
		var results map[string]AnalyzerResult
		results, n.facts = g.analyze(n, pkg, unit, analyzers)
		if n.mode == modeFull {
			out.analyzed = results
		}
		if g.cache != nil && n.key != "" {
			g.cache.put(n.key, &cacheEntry{Results: out.analyzed, Facts: n.facts})
		}
		analyzed = true
		if n.lp.ForTest != "" && n.provides {
			g.setTypes(n, pkg) // a test variant has no export data
		}
	}
	if !n.provides || n.types != nil {
		return out
	}
	if n.lp.ForTest == "" || n.mode == modeTypes {
		if err := g.loadExport(n); err != nil {
			out.errors = append(out.errors, err.Error())
			n.err = true
		}
		if !analyzed && out.stat == nil {
			out.stat = func(s *Stats) { s.FromExport++ }
		}
		return out
	}
	// p [p.test], replayed from the cache, for p_test: from source.
	pkg, _, errs := g.typeCheck(n)
	if len(errs) > 0 {
		out.errors = append(out.errors, errs...)
		n.err = true
		return out
	}
	g.setTypes(n, pkg)
	out.stat = func(s *Stats) { s.TypesOnly++ }
	return out
}

// fileErr formats an I/O problem with a package's files.
func fileErr(n *node, err error) string {
	if os.IsNotExist(err) {
		return fmt.Sprintf("%s: %v", n.lp.ImportPath, err)
	}
	return err.Error()
}
