package driver

import (
	"container/heap"
	"context"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
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

	key       string       // cache key (modeFacts, modeFull), set before the run
	filesHash string       // what the key says of its own files
	hit       *cacheEntry  // the cached result, if any
	facts     []storedFact // encoded facts (analyzed or replayed packages)
	decoded   *factTable   // facts decoded against types, once
	decodeMu  sync.Mutex
}

// graph is the package graph of one run.
type graph struct {
	cfg       Config
	gocmd     *goCmd
	nodes     []*node // dependency order
	byID      map[string]*node
	plan      *analyzerPlan
	fset      *token.FileSet
	sizes     types.Sizes
	toolchain string // language version of the standard library, e.g. go1.26
	// stdTable says which standard-library functions never return, for
	// the go command's release; nil when leakvet has no table for it and
	// the standard-library dependencies are analyzed by ctrlflow instead.
	stdTable map[string]map[string]bool
	// buildEnv is what the go command builds with (version, GOROOT,
	// platform, cgo, experiments): it stands for the standard library in
	// cache keys.
	buildEnv string
	exportMu sync.Mutex
	export   map[string]string // package ID -> export data file
	// exportListed: how many packages go list -export was asked about.
	exportListed int

	pkgNodesMu sync.Mutex
	pkgNodes   map[*types.Package]*node
	cache      *cache

	// With a Memo: the memo's file set's base when the run started, the
	// files the run parsed, and the files of the standard-library export
	// data the memo keeps (see releaseFiles).
	fsetBase   int
	filesMu    sync.Mutex
	parsed     map[*token.File]bool
	keptFiles  []*token.File
	stdTypesOK map[*node]bool // std packages whose types the memo may keep
}

// newGraph makes the graph of the packages listed; gocmd, if not nil, is
// the go command the listing ran with, and env, if not nil, what it
// builds with (read from it otherwise).
func newGraph(listed []*listedPackage, cfg Config, gocmd *goCmd, env *goEnv) (*graph, error) {
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	if gocmd == nil {
		gocmd = &goCmd{ctx: cfg.Context, dir: cfg.Dir, tags: cfg.Tags}
	}
	if env == nil {
		var err error
		if env, err = readGoEnv(gocmd, cfg.Memo); err != nil {
			return nil, err
		}
	}
	plan, err := newAnalyzerPlan(cfg.Analyzers)
	if err != nil {
		return nil, err
	}
	g := &graph{
		cfg:       cfg,
		gocmd:     gocmd,
		byID:      make(map[string]*node, len(listed)),
		plan:      plan,
		fset:      token.NewFileSet(),
		pkgNodes:  make(map[*types.Package]*node),
		toolchain: languageVersion(env.version),
		sizes:     sizesFor(env.goarch),
		buildEnv:  env.all,
	}
	g.stdTable = stdNoReturnTables[g.toolchain]
	if cfg.Memo != nil {
		// Types kept in the memo carry positions in its file set.
		g.fset = cfg.Memo.fset
		g.fsetBase = g.fset.Base()
		g.parsed = make(map[*token.File]bool)
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
		if n.mode == modeExport && g.stdTable == nil && len(g.plan.stdFacts) > 0 && n.lp.ImportPath != "unsafe" {
			// No table for this release: ask ctrlflow itself.
			n.mode = modeFacts
		}
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

// goEnv is what the go command builds with, which need not be what
// leakvet was built with.
type goEnv struct {
	version string // GOVERSION, such as go1.26.8
	goarch  string
	all     string // version, GOROOT, platform, cgo, experiments
}

// readGoEnv asks the go command what it builds with: the standard
// library's Go version and the target platform. memo, if not nil, keeps
// the answer between runs in one directory.
func readGoEnv(gocmd *goCmd, memo *Memo) (*goEnv, error) {
	vars := []string{"GOVERSION", "GOROOT", "GOOS", "GOARCH", "CGO_ENABLED", "GOEXPERIMENT"}
	lines := memo.env(gocmd.dir)
	if lines == nil {
		out, stderr, err := gocmd.run(append([]string{"env"}, vars...))
		if err != nil {
			return nil, goError("go env", err, stderr)
		}
		lines = strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
		if len(lines) != len(vars) {
			return nil, fmt.Errorf("go env: unexpected output %q", out)
		}
		memo.setEnv(gocmd.dir, lines)
	}
	return &goEnv{version: lines[0], goarch: lines[3], all: strings.Join(lines, " ")}, nil
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
	g.markStdTypes()
	if err := g.readExportFiles(); err != nil {
		return err
	}
	res.Stats.ExportListed = g.exportListed
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
				var out *outcome
				if g.cfg.Context.Err() != nil {
					// Cancelled: the rest of the run is only counted
					// down; Run returns the context's error.
					n.err = true
					out = &outcome{}
				} else {
					out = g.processSafely(n)
				}
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
	files := make(map[string]string, len(ids))
	var ask []string
	for _, id := range ids {
		if file := g.cfg.Memo.exportFile(g.exportKey(id)); file != "" {
			files[id] = file
		} else {
			ask = append(ask, id)
		}
	}
	got, err := g.gocmd.exportFiles(ask)
	if err != nil {
		return err
	}
	g.exportListed = len(ask)
	for id, file := range got {
		files[id] = file
		g.cfg.Memo.setExportFile(g.exportKey(id), file)
	}
	g.export = files
	return nil
}

// exportKey is what identifies a package's export data across runs, for
// the Memo; "" for a package that cannot be identified (no cache).
//
//   - A package analyzed or replayed: its cache key.
//   - The standard library, which has none: the build environment and
//     tags, unless a file of the package is in the overlay.
//   - A package only present recompiled for a test (q [p.test]), whose
//     plain export data is read with its references to p bound to p's
//     test variant: its own files. The export data of the plain q was
//     compiled against the plain p, which may since have changed; that
//     matters only for what q uses of p, which the binding takes from
//     p's test variant, by name. So an edit of p does not make the go
//     command compile p and q again on every save.
func (g *graph) exportKey(path string) string {
	if g.cfg.Memo == nil || g.cache == nil {
		return ""
	}
	n := g.byID[path]
	if n == nil {
		for _, v := range g.nodes {
			if v.mode == modeTypes && v.lp.path() == path && v.filesHash != "" {
				return "variant\x00" + g.buildEnv + "\x00" + g.cfg.Tags + "\x00" + path + "\x00" + v.filesHash
			}
		}
		return ""
	}
	if n.mode != modeExport {
		return n.key
	}
	for name := range g.cfg.Overlay {
		if filepath.Dir(name) == n.lp.Dir {
			return ""
		}
	}
	return "std\x00" + g.buildEnv + "\x00" + g.cfg.Tags + "\x00" + path
}

// outcome is what processing one package adds to the result.
type outcome struct {
	id       string
	dir      string
	report   bool
	analyzed map[string]AnalyzerResult
	errors   []string
	stat     func(*Stats)
}

func (o *outcome) mergeInto(res *Result) {
	if o.report && res.Dirs != nil {
		res.Dirs[o.id] = o.dir
	}
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
	out := &outcome{id: n.lp.path(), dir: n.lp.Dir, report: n.mode == modeFull}
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
			if n.lp.Standard {
				analyzers = g.plan.stdFacts
			}
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

// markStdTypes decides which standard-library packages the Memo may serve
// and keep types for: those read from export data whose dependencies are
// all such packages, and none of which has a file in the overlay. (A std
// package that the overlay changes is type-checked or read afresh, and
// whatever imports it must see those new types.)
func (g *graph) markStdTypes() {
	if g.cfg.Memo == nil || g.cache == nil {
		return
	}
	overlayDirs := make(map[string]bool)
	for name := range g.cfg.Overlay {
		overlayDirs[filepath.Dir(name)] = true
	}
	g.stdTypesOK = make(map[*node]bool)
	for _, n := range g.nodes { // dependency order
		ok := n.mode == modeExport && !overlayDirs[n.lp.Dir] && n.lp.ImportPath != "unsafe"
		for _, dep := range n.imports {
			ok = ok && (g.stdTypesOK[dep] || dep.lp.ImportPath == "unsafe")
		}
		g.stdTypesOK[n] = ok
	}
}

// recordParsed notes a file the run parsed, to be dropped from the memo's
// file set after the run.
func (g *graph) recordParsed(tf *token.File) {
	if g.parsed == nil || tf == nil {
		return
	}
	g.filesMu.Lock()
	g.parsed[tf] = true
	g.filesMu.Unlock()
}

// releaseFiles drops from the memo's file set every file the run added
// but the standard library's, whose types the memo keeps: a language
// server runs for days, and the run's results are already text.
func (g *graph) releaseFiles() {
	if g.cfg.Memo == nil {
		return
	}
	keep := make(map[*token.File]bool)
	for _, f := range g.keptFiles {
		if !g.parsed[f] {
			keep[f] = true
		}
	}
	var drop []*token.File
	g.fset.Iterate(func(f *token.File) bool {
		if f.Base() >= g.fsetBase && !keep[f] {
			drop = append(drop, f)
		}
		return true
	})
	for _, f := range drop {
		g.fset.RemoveFile(f)
	}
}

// readFile reads a file of the run: from the overlay if it has the file,
// else from disk.
func (g *graph) readFile(name string) ([]byte, error) {
	if data, ok := g.cfg.Overlay[name]; ok {
		return data, nil
	}
	return os.ReadFile(name)
}

// fileErr formats an I/O problem with a package's files.
func fileErr(n *node, err error) string {
	if os.IsNotExist(err) {
		return fmt.Sprintf("%s: %v", n.lp.ImportPath, err)
	}
	return err.Error()
}
