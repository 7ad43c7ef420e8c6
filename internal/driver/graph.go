package driver

import (
	"fmt"
	"go/build"
	"go/token"
	"go/types"
	"os"
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
	// modeExport: types from the compiler's export data (standard-library
	// dependencies).
	modeExport
	// modeTypes: type-checked from source, not analyzed (dependencies
	// recompiled for a test, whose facts are those of the plain package).
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
	// loaded: the package's types are needed (it is analyzed, or imported
	// by a package that is type-checked). Decided before the run.
	loaded bool

	done  chan struct{} // closed when types (and facts) are ready
	types *types.Package
	err   bool // it, or a dependency, failed to load: dependents skip analysis

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
	exportMu  sync.Mutex
	export    map[string]string // package ID -> export data file

	pkgNodesMu sync.Mutex
	pkgNodes   map[*types.Package]*node
	cache      *cache
}

func newGraph(listed []*listedPackage, cfg Config) (*graph, error) {
	plan, err := newAnalyzerPlan(cfg.Analyzers)
	if err != nil {
		return nil, err
	}
	goarch := build.Default.GOARCH
	g := &graph{
		cfg:      cfg,
		byID:     make(map[string]*node, len(listed)),
		plan:     plan,
		fset:     token.NewFileSet(),
		sizes:    sizesFor(goarch),
		pkgNodes: make(map[*types.Package]*node),
	}
	for _, lp := range listed {
		n := &node{lp: lp, done: make(chan struct{})}
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
	hasTestVariant := make(map[string]bool)
	for _, n := range g.nodes {
		if n.lp.ForTest != "" && n.lp.path() == n.lp.ForTest {
			hasTestVariant[n.lp.ForTest] = true
		}
	}
	for _, n := range g.nodes {
		n.mode = modeOf(n.lp, hasTestVariant, imported)
	}
	if err := g.readToolchainVersion(); err != nil {
		return nil, err
	}
	if cfg.CacheDir != "" {
		g.cache = openCache(cfg.CacheDir)
	}
	return g, nil
}

// modeOf decides what to do with a listed package.
func modeOf(lp *listedPackage, hasTestVariant, imported map[string]bool) mode {
	switch {
	case lp.isTestMain():
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

// markLoaded marks the packages whose types the run needs: every package
// to analyze that the cache cannot replay and, transitively, what they
// import.
func (g *graph) markLoaded() {
	for i := len(g.nodes) - 1; i >= 0; i-- {
		n := g.nodes[i]
		if n.mode >= modeFacts && n.hit == nil {
			n.loaded = true
		}
		if n.loaded {
			for _, dep := range n.imports {
				dep.loaded = true
			}
		}
	}
}

// readToolchainVersion asks the go command which Go version its standard
// library is, which need not be the one leakvet was built with.
func (g *graph) readToolchainVersion() error {
	out, stderr, err := runGo(g.cfg.Dir, []string{"env", "GOVERSION"})
	if err != nil {
		return fmt.Errorf("go env GOVERSION: %v\n%s", err, stderr)
	}
	g.toolchain = languageVersion(strings.TrimSpace(string(out)))
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

// run loads and analyzes every package that needs it, each as soon as its
// dependencies are done, at most cfg.Jobs at a time.
func (g *graph) run(res *Result) error {
	if err := g.readExportFiles(); err != nil {
		return err
	}
	if g.cache != nil {
		if err := g.computeKeys(); err != nil {
			return err
		}
		if g.cache != nil {
			g.lookupCache()
		}
	}
	g.markLoaded()
	sem := make(chan struct{}, g.cfg.Jobs)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, n := range g.nodes {
		if !n.loaded && n.hit == nil {
			close(n.done)
			continue
		}
		waits := n.imports
		if n.mode == modeTypes {
			// Its facts are the plain package's: wait for them too.
			if plain := g.byID[n.lp.path()]; plain != nil {
				waits = append(waits[:len(waits):len(waits)], plain)
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(n.done)
			for _, dep := range waits {
				<-dep.done
			}
			sem <- struct{}{}
			out := g.process(n)
			<-sem
			mu.Lock()
			out.mergeInto(res)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if g.cache != nil {
		g.cache.trim()
	}
	return nil
}

// readExportFiles finds the export data of the packages read from it.
func (g *graph) readExportFiles() error {
	var ids []string
	for _, n := range g.nodes {
		if n.mode == modeExport && n.lp.ImportPath != "unsafe" {
			ids = append(ids, n.lp.ImportPath)
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

// process does what n's mode asks, once its dependencies are done.
func (g *graph) process(n *node) *outcome {
	out := &outcome{id: n.lp.ImportPath, report: n.mode == modeFull}
	for _, dep := range n.imports {
		if dep.err && dep.loaded {
			n.err = true
		}
	}
	if n.err {
		return out
	}
	if n.hit != nil {
		// Replayed: facts from the cache; types only if an importer
		// is type-checked.
		n.facts = n.hit.Facts
		out.analyzed = n.hit.Results
		out.stat = func(s *Stats) { s.FromCache++ }
		if !n.loaded {
			return out
		}
	}
	switch n.mode {
	case modeExport:
		if err := g.loadExport(n); err != nil {
			out.errors = append(out.errors, err.Error())
			n.err = true
		}
		out.stat = func(s *Stats) { s.FromExport++ }
		return out
	case modeSkip:
		return out
	}
	unit, errs := g.typeCheck(n)
	if len(errs) > 0 {
		out.errors = append(out.errors, errs...)
		n.err = true
		return out
	}
	if n.hit != nil {
		return out
	}
	switch n.mode {
	case modeTypes:
		out.stat = func(s *Stats) { s.TypesOnly++ }
		return out
	case modeFacts:
		_, n.facts = g.analyze(n, unit, g.plan.factsOnly)
		out.stat = func(s *Stats) { s.FactsOnly++ }
	case modeFull:
		out.analyzed, n.facts = g.analyze(n, unit, g.plan.full)
		out.stat = func(s *Stats) { s.Analyzed++ }
	}
	if g.cache != nil && n.key != "" {
		g.cache.put(n.key, &cacheEntry{Results: out.analyzed, Facts: n.facts})
	}
	return out
}

// fileErr formats an I/O problem with a package's files.
func fileErr(n *node, err error) string {
	if os.IsNotExist(err) {
		return fmt.Sprintf("%s: %v", n.lp.ImportPath, err)
	}
	return err.Error()
}
