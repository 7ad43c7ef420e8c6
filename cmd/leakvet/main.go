// Command leakvet finds goroutine leaks, resource leaks and the concurrency
// and error-handling mistakes that cause them.
//
// Usage:
//
//	leakvet [-flag] [package pattern ...]          standalone: leakvet ./...
//	go vet -vettool=$(command -v leakvet) ./...    as a vet tool
//	go fix -fixtool=$(command -v leakvet) ./...    apply suggested fixes
//	leakvet help [NAME]                            list the checks, or document one
//	leakvet version                                version and the checks inside
//	leakvet lsp                                    language server for editors, on stdin/stdout (lsp.go)
//
// Exit status: 0 when nothing was found, 3 when diagnostics were reported
// (1 under go vet, which reports them as a failure), 1 when packages could
// not be loaded or analyzed (a pattern that matches nothing, a type error).
// With -json, diagnostics are data: the exit status is 0 unless an error
// occurred.
//
// `leakvet PATTERNS` runs leakvet's streaming driver (internal/driver; see
// stream.go); -govet runs the same checks through go vet (vetmode.go) and
// -inprocess through the x/tools checker (inprocess.go). The vet protocol
// (-V=full, -flags, *.cfg), help and the in-process checker are those of
// golang.org/x/tools/go/analysis/multichecker; leakvet only adds around
// them.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/leakvet/leakvet/passes"
)

func main() {
	sarifHook() // -sarif: see sarif.go
	analyzers := passes.All()
	if len(os.Args) == 2 && os.Args[1] == "version" {
		printVersion(os.Stdout, analyzers)
		return
	}
	if len(os.Args) >= 2 && os.Args[1] == "lsp" {
		os.Exit(runLSP(analyzers, os.Args[2:]))
	}
	opts, ok := planRoute(os.Args[1:], analyzers)
	if ok && goOnPath() {
		if self, err := os.Executable(); err == nil {
			if opts.route == routeVet {
				os.Exit(runVet(self, opts.vetFlags, opts.patterns, opts.json, os.Stdout, os.Stderr))
			}
			os.Exit(runStream(self, selectAnalyzers(analyzers, opts.switched), opts, os.Stdout, os.Stderr))
		}
	}
	if len(opts.patterns) > 0 && os.Getenv(inProcessChild) == "" {
		if self, err := os.Executable(); err == nil {
			os.Exit(runInProcess(self, os.Args[1:], os.Stdout, os.Stderr))
		}
	}
	if cfgFile, ok := vetConfigArg(os.Args[1:]); ok {
		analyzers = analyzersFor(cfgFile, analyzers)
	}
	os.Args = removeRouteFlags(os.Args)
	multichecker.Main(analyzers...)
}

// removeRouteFlags drops -inprocess and -govet, which only choose the
// route and which the multichecker does not know.
func removeRouteFlags(args []string) []string {
	out := args[:1:1]
	for _, a := range args[1:] {
		switch strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-") {
		case "inprocess", "inprocess=true", "govet", "govet=true", "govet=false":
			continue
		}
		out = append(out, a)
	}
	return out
}

// printVersion prints the module version and the analyzers built in, so a
// bug report says exactly which checks ran.
func printVersion(w io.Writer, analyzers []*analysis.Analyzer) {
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	fmt.Fprintf(w, "leakvet %s\n", version)
	for _, a := range analyzers {
		fmt.Fprintf(w, "  %s\n", a.Name)
	}
}
