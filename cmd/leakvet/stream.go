package main

// The default route: leakvet's own streaming driver (internal/driver),
// which analyzes the packages in one process, one package's syntax and SSA
// at a time, standard-library dependencies from export data, and replays
// unchanged packages from its cache. -govet runs the same analysis through
// `go vet -vettool` instead (vetmode.go), -inprocess through the x/tools
// checker (inprocess.go).

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/internal/driver"
)

// cacheEnv names the cache directory; "off" switches the cache off.
const cacheEnv = "LEAKVET_CACHE"

// runStream analyzes patterns with the streaming driver and reports as the
// standalone checker does. It returns the exit code.
func runStream(self string, analyzers []*analysis.Analyzer, opts routeOptions, stdout, stderr io.Writer) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "leakvet: %v\n", err)
		return 1
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
		fmt.Fprintf(stderr, "leakvet: %v\n", err)
		return 1
	}
	res, err := driver.Run(cfg)
	if perr := stopProfiles(); perr != nil {
		fmt.Fprintf(stderr, "leakvet: %v\n", perr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "leakvet: %v\n", err)
		return 1
	}
	failed := false
	for _, e := range res.Errors {
		fmt.Fprintln(stderr, e)
		failed = true
	}
	tree := make(jsonTree)
	for id, byAnalyzer := range res.Packages {
		for name, r := range byAnalyzer {
			var v any = r.Diagnostics
			if r.Err != "" {
				v = struct {
					Err string `json:"error"`
				}{r.Err}
			} else if len(r.Diagnostics) == 0 {
				continue
			}
			data, err := json.Marshal(v)
			if err != nil {
				fmt.Fprintf(stderr, "leakvet: %v\n", err)
				return 1
			}
			if tree[id] == nil {
				tree[id] = make(map[string]json.RawMessage)
			}
			tree[id][name] = data
		}
	}
	return printTree(tree, opts.json, failed, stdout, stderr)
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

// selectAnalyzers applies the -NAME and -NAME=false switches as the
// multichecker does: if any check is switched on by name, only those run;
// otherwise every check not switched off.
func selectAnalyzers(analyzers []*analysis.Analyzer, switched map[string]bool) []*analysis.Analyzer {
	anyOn := false
	for _, on := range switched {
		anyOn = anyOn || on
	}
	var out []*analysis.Analyzer
	for _, a := range analyzers {
		on, set := switched[a.Name]
		if (anyOn && on) || (!anyOn && (!set || on)) {
			out = append(out, a)
		}
	}
	return out
}

// startProfiles starts the CPU profile -cpuprofile asks for; the function
// it returns stops it and writes the heap profile -memprofile asks for.
func startProfiles(opts routeOptions) (stop func() error, err error) {
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
