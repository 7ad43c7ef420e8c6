package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/internal/driver"
)

// usage is leakvet's help text; %s is replaced by the list of checks.
const usage = `leakvet finds goroutine leaks, resource leaks and the concurrency and
error-handling mistakes that cause them.

Usage:

	leakvet [flags] PATTERNS

PATTERNS are package patterns, as for go build and go vet (./..., std,
example.com/m/p). Flags go before them.

Other ways to run it:

	go vet -vettool=$(command -v leakvet) [flags] PATTERNS
	    as a vet tool: one process per package, results cached by the go command
	go fix -fixtool=$(command -v leakvet) [-diff] PATTERNS
	    apply the suggested fixes through go fix
	leakvet help [NAME]    this text, or the documentation and flags of check NAME
	leakvet version        leakvet's version, the Go it was built with, its checks

Flags:

	-NAME            run only the checks switched on this way (e.g. -deferloop)
	-NAME=false      switch check NAME off (e.g. -errwrap=false)
	-NAME.FLAG=VALUE set a check's own flag (leakvet help NAME lists them)
	-json            print the findings as one JSON tree on stdout
	-sarif           print the findings as SARIF 2.1.0 on stdout
	-fix             apply the suggested fixes, then print the findings left
	-diff            print the suggested fixes as a unified diff on stdout and
	                 the findings without a fix on stderr; change no file
	                 (-diff implies -fix, as a preview)
	-c=N             print N lines of source around each finding
	-tags=a,b        build tags, as for go build
	-test=false      leave out the test files
	-cpuprofile=FILE write a CPU profile of the run
	-memprofile=FILE write a heap profile of the run

Exit status:

	0  nothing found (with -json or -sarif: no error, whatever was found)
	3  findings printed (with -fix: findings left unfixed; with -diff: a
	   fix to show or a finding without one)
	1  an error: a pattern that matches no packages, a package that does
	   not load or type-check, a fix that could not be written, a go
	   command newer than the Go leakvet was built with
	2  a usage error, such as an unknown flag
	Under go vet, findings make go vet exit 1; go fix -diff exits 1 when
	it prints a diff.

Findings are printed on stdout as file:line:col: message, the file
relative to the working directory; errors on stderr. Results are cached in
$LEAKVET_CACHE (default: leakvet in the user cache directory; "off" to
disable). //leakvet:ignore NAME reason on or above a line silences a check
there.

Checks:

%s
Run 'leakvet help NAME' for a check's documentation.
`

// printUsage writes leakvet's help.
func printUsage(w io.Writer, analyzers []*analysis.Analyzer) {
	fmt.Fprintf(w, usage, checkList(analyzers))
}

// checkList is one line per check: its name and summary.
func checkList(analyzers []*analysis.Analyzer) string {
	var b strings.Builder
	width := 0
	for _, a := range analyzers {
		width = max(width, len(a.Name))
	}
	for _, a := range analyzers {
		summary, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(&b, "\t%-*s  %s\n", width, a.Name, summary)
	}
	return b.String()
}

// runHelp is `leakvet help [NAME...]`.
func runHelp(names []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	if len(names) == 0 {
		printUsage(stdout, analyzers)
		return 0
	}
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range analyzers {
		byName[a.Name] = a
	}
	code := 0
	for i, name := range names {
		a := byName[name]
		if a == nil {
			fmt.Fprintf(stderr, "leakvet: no check named %q; the checks are:\n%s", name, checkList(analyzers))
			code = 2
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
		var flags strings.Builder
		a.Flags.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(&flags, "\t-%s.%s=%s\n\t\t%s\n", a.Name, f.Name, f.DefValue, f.Usage)
		})
		if flags.Len() > 0 {
			fmt.Fprintf(stdout, "\nFlags (default values shown):\n\n%s", flags.String())
		}
		if a.URL != "" {
			fmt.Fprintf(stdout, "\nDocumentation: %s\n", a.URL)
		}
	}
	return code
}

// runVersion is `leakvet version`: the module version, the Go leakvet was
// built with (which must not be older than the go command's), and the
// checks built in, so a bug report says exactly what ran.
func runVersion(args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "leakvet: version takes no arguments (see leakvet -h)\n")
		return 2
	}
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	fmt.Fprintf(stdout, "leakvet %s built with %s %s/%s\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if err := driver.CheckGoVersion(goCommandVersion()); err != nil {
		fmt.Fprintf(stdout, "warning: %v\n", err)
	}
	fmt.Fprintln(stdout, "checks:")
	for _, a := range analyzers {
		fmt.Fprintf(stdout, "  %s\n", a.Name)
	}
	return 0
}
