package main

// The standalone route: leakvet's own streaming driver (internal/driver),
// which analyzes the packages in one process, one package's syntax and SSA
// at a time, standard-library dependencies from export data, and replays
// unchanged packages from its cache. -fix and -diff apply or show the
// suggested fixes of its results afterwards (fix.go); -sarif converts its
// -json output (sarif.go).

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/internal/driver"
)

// cacheEnv names the cache directory; "off" switches the cache off.
const cacheEnv = "LEAKVET_CACHE"

// runStandalone runs `leakvet [flags] PATTERNS` and returns the exit code.
func runStandalone(args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, analyzers)
	if errors.Is(err, errHelp) {
		printUsage(stdout, analyzers)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "leakvet: %v (see leakvet -h)\n", err)
		if jsonRequested(args) {
			fmt.Fprintln(stdout, "{}") // -json output always parses
		}
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		return fail(opts, stdout, stderr, err)
	}
	if opts.sarif {
		jsonArgs, _, _ := sarifArgs(args)
		return runSARIF(self, jsonArgs, analyzers, stdout, stderr)
	}
	return runStream(self, selectAnalyzers(analyzers, opts.switched), opts, stdout, stderr)
}

// jsonRequested reports whether a command line that did not parse asked
// for -json among its flags (not after the patterns, where it is refused).
func jsonRequested(args []string) bool {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") || a == "--" {
			return false
		}
		switch a {
		case "-json", "--json", "-json=true", "--json=true":
			return true
		}
	}
	return false
}

// fail reports an error that stopped the run: one line on stderr and, with
// -json, an empty tree on stdout, so that -json output always parses.
func fail(opts *options, stdout, stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "leakvet: %v\n", err)
	if opts.json {
		fmt.Fprintln(stdout, "{}")
	}
	return 1
}

// runStream analyzes the patterns with the streaming driver and reports.
// It returns the exit code.
func runStream(self string, analyzers []*analysis.Analyzer, opts *options, stdout, stderr io.Writer) int {
	wd, err := os.Getwd()
	if err != nil {
		return fail(opts, stdout, stderr, err)
	}
	cfg := driver.Config{
		Dir:       wd,
		Patterns:  opts.patterns,
		Tags:      opts.tags,
		Tests:     opts.tests,
		Analyzers: analyzers,
		CacheDir:  cacheDir(),
		CacheSalt: cacheSalt(self, analyzers),
	}
	stopProfiles, err := startProfiles(opts)
	if err != nil {
		return fail(opts, stdout, stderr, err)
	}
	res, err := driver.Run(cfg)
	if perr := stopProfiles(); perr != nil {
		fmt.Fprintf(stderr, "leakvet: %v\n", perr)
	}
	if err != nil {
		return fail(opts, stdout, stderr, err)
	}
	failed := false
	for _, e := range res.Errors {
		fmt.Fprintln(stderr, e)
		failed = true
	}
	findings := collect(res)
	if opts.fix {
		var ok bool
		findings, ok = applyFixes(findings, opts.diff, wd, stdout, stderr)
		failed = failed || !ok
	}
	out := stdout
	if opts.diff {
		out = stderr // stdout is the patch
	}
	n, analysisFailed := printFindings(findings, opts, wd, out, stderr)
	failed = failed || analysisFailed
	switch {
	case failed:
		return 1
	case opts.diff && (n > 0 || findings.fixed > 0):
		return 3
	case n > 0 && !opts.json:
		return 3
	}
	return 0
}

// finding is one diagnostic of one analyzer on one package.
type finding struct {
	pkg, analyzer string
	diag          driver.Diagnostic
}

// findings are a run's results in a fixed order: by package, analyzer,
// then position.
type findings struct {
	list   []finding
	errors []finding // an analyzer's failure: diag.Message is the error
	// packages that were analyzed, for the JSON tree
	packages map[string]bool
	fixed    int // diagnostics whose fixes were applied (or shown)
}

func collect(res *driver.Result) *findings {
	f := &findings{packages: make(map[string]bool)}
	for _, pkg := range sortedKeys(res.Packages) {
		f.packages[pkg] = true
		for _, name := range sortedKeys(res.Packages[pkg]) {
			r := res.Packages[pkg][name]
			if r.Err != "" {
				f.errors = append(f.errors, finding{pkg, name, driver.Diagnostic{Message: r.Err}})
				continue
			}
			for _, d := range r.Diagnostics {
				f.list = append(f.list, finding{pkg, name, d})
			}
		}
	}
	return f
}

// printFindings prints the findings as text lines ("file:line:col:
// message", the file relative to the working directory as go vet prints
// it, with -c=N lines of source around it) or, with -json, as the vet JSON
// tree. Analyzer failures go to stderr in text mode and into the tree with
// -json. It returns the number of findings and whether an analyzer failed.
func printFindings(f *findings, opts *options, wd string, stdout, stderr io.Writer) (int, bool) {
	if opts.json {
		tree := make(map[string]map[string]any)
		add := func(pkg, name string, v any) {
			if tree[pkg] == nil {
				tree[pkg] = make(map[string]any)
			}
			tree[pkg][name] = v
		}
		for _, e := range f.errors {
			add(e.pkg, e.analyzer, struct {
				Err string `json:"error"`
			}{e.diag.Message})
		}
		byKey := make(map[[2]string][]driver.Diagnostic)
		for _, x := range f.list {
			k := [2]string{x.pkg, x.analyzer}
			byKey[k] = append(byKey[k], x.diag)
		}
		for k, diags := range byKey {
			add(k[0], k[1], diags)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "\t")
		_ = enc.Encode(tree) // strings and diagnostics always encode; a failed write to stdout has nowhere to be reported
		return len(f.list), len(f.errors) > 0
	}
	for _, e := range f.errors {
		fmt.Fprintf(stderr, "%s: %s: %s\n", e.pkg, e.analyzer, e.diag.Message)
	}
	// Text: in position order across packages, as a reader scans files.
	list := append([]finding(nil), f.list...)
	sort.SliceStable(list, func(i, j int) bool {
		a, b := splitPosnKey(list[i].diag.Posn), splitPosnKey(list[j].diag.Posn)
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.col < b.col
	})
	files := make(map[string][]string)
	for _, x := range list {
		fmt.Fprintf(stdout, "%s: %s\n", shortPosn(x.diag.Posn, wd), x.diag.Message)
		if opts.context >= 0 {
			printContext(stdout, files, x.diag, opts.context)
		}
	}
	return len(list), len(f.errors) > 0
}

type posnKey struct {
	file      string
	line, col int
}

func splitPosnKey(posn string) posnKey {
	file, line, col := splitPosn(posn)
	return posnKey{file, line, col}
}

// shortPosn writes a position's file relative to the working directory
// when that is shorter, as the go command does.
func shortPosn(posn, wd string) string {
	file, line, col := splitPosn(posn)
	if line == 0 {
		return posn
	}
	if rel, err := filepath.Rel(wd, file); err == nil && len(rel) < len(file) {
		file = rel
	}
	return file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// printContext prints the lines of the diagnostic, and n lines either side,
// numbered, as the x/tools checker's -c does.
func printContext(w io.Writer, files map[string][]string, d driver.Diagnostic, n int) {
	file, line, _ := splitPosn(d.Posn)
	_, endLine, _ := splitPosn(d.End)
	if line == 0 {
		return
	}
	endLine = max(endLine, line)
	lines, ok := files[file]
	if !ok {
		data, err := os.ReadFile(file)
		if err == nil {
			lines = strings.Split(string(data), "\n")
		}
		files[file] = lines
	}
	for i := max(line-n, 1); i <= endLine+n && i <= len(lines); i++ {
		fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
	}
}

// cacheDir is where the driver keeps results between runs: $LEAKVET_CACHE,
// or leakvet under the user's cache directory; "" (no cache) when
// LEAKVET_CACHE=off or there is no cache directory.
func cacheDir() string {
	if dir := os.Getenv(cacheEnv); dir != "" {
		if dir == "off" {
			return ""
		}
		return dir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "leakvet")
}

// cacheSalt identifies everything about this run that is not the code
// analyzed: the binary itself (any change to an analyzer changes it) and
// every analyzer flag's value.
func cacheSalt(self string, analyzers []*analysis.Analyzer) string {
	h := sha256.New()
	if f, err := os.Open(self); err == nil {
		_, _ = io.Copy(h, f) // an unreadable binary salts less; the flags still count
		_ = f.Close()        // opened for reading only
	}
	for _, a := range analyzers {
		fmt.Fprintf(h, "analyzer %s\n", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(h, "flag %s.%s=%s\n", a.Name, f.Name, f.Value.String())
		})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// startProfiles starts the CPU profile -cpuprofile asks for; the function
// it returns stops it and writes the heap profile -memprofile asks for.
func startProfiles(opts *options) (stop func() error, err error) {
	var cpu *os.File
	if opts.cpuprofile != "" {
		if cpu, err = os.Create(opts.cpuprofile); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			_ = cpu.Close() // StartCPUProfile's error is the one to report
			return nil, err
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return err
			}
		}
		if opts.memprofile == "" {
			return nil
		}
		f, err := os.Create(opts.memprofile)
		if err != nil {
			return err
		}
		runtime.GC()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			_ = f.Close() // WriteTo's error is the one to report
			return err
		}
		return f.Close()
	}, nil
}
