package main

// Standalone with -govet runs through the go command's vet machinery.
//
// The x/tools standalone checker loads the syntax and types of every package
// in the import closure at once: on the standard library that is several GB
// of memory, ten times what staticcheck needs. `go vet -vettool` instead runs
// leakvet once per package, with facts passed between processes in files,
// and caches each package's results, so a repeat run with nothing changed
// replays in about a second. So `leakvet -govet PATTERNS` runs
// `go vet -vettool=<this binary> -json PATTERNS` and prints what it gathers
// as the standalone checker would: the same text lines and exit codes, or
// one merged JSON tree with -json.
//
// The in-process checker is used where neither this route nor the
// streaming driver can serve: -fix and -diff (use `go fix -fixtool` for the
// cached route), context lines (-c), -debug and -trace; on this route also
// -test=false (go vet always includes tests) and the profiling flags; and
// -inprocess, which asks for it explicitly.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// inProcessFlags are the checker flags neither the streaming driver nor
// the vet route honours.
var inProcessFlags = map[string]bool{
	"fix": true, "diff": true, "c": true, "debug": true,
	"cpuprofile": true, "memprofile": true, "trace": true, "inprocess": true,
}

// route is the way a standalone invocation runs.
type route int

const (
	routeStream    route = iota // leakvet's own driver (stream.go), the default
	routeVet                    // go vet -vettool=<self> (-govet)
	routeInProcess              // the x/tools checker in process
)

// routeOptions is a standalone invocation, parsed.
type routeOptions struct {
	route    route
	vetFlags []string // for go vet: the analyzer flags and -tags as given
	patterns []string
	json     bool
	tags     string
	tests    bool
	switched map[string]bool // -NAME and -NAME=false
	// Profiles the streaming driver writes.
	cpuprofile, memprofile string
}

// planRoute decides how a standalone invocation runs. ok=false means the
// multichecker must handle it: vet protocol calls, help, or arguments it
// does not understand, which it then reports. Parsing sets the analyzers'
// own flags.
func planRoute(args []string, analyzers []*analysis.Analyzer) (opts routeOptions, ok bool) {
	fs := flag.NewFlagSet("leakvet", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	opts.switched = make(map[string]bool)
	isAnalyzer := make(map[string]bool)
	for _, a := range analyzers {
		isAnalyzer[a.Name] = true
		fs.Bool(a.Name, false, "")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, "")
		})
	}
	jsonOut := fs.Bool("json", false, "")
	govet := fs.Bool("govet", false, "")
	tests := fs.Bool("test", true, "")
	for name := range inProcessFlags {
		switch {
		case name == "c":
			fs.Int(name, -1, "")
		case name == "debug" || strings.HasSuffix(name, "profile") || name == "trace":
			fs.String(name, "", "")
		default:
			fs.Bool(name, false, "")
		}
	}
	tags := fs.String("tags", "", "")
	if err := fs.Parse(args); err != nil {
		return opts, false
	}
	opts.patterns = fs.Args()
	if len(opts.patterns) == 0 || opts.patterns[0] == "help" || opts.patterns[0] == "version" {
		return opts, false
	}
	for _, p := range opts.patterns {
		if strings.HasSuffix(p, ".cfg") || strings.HasPrefix(p, "-") {
			return opts, false
		}
	}
	opts.route = routeStream
	if *govet {
		opts.route = routeVet
	}
	fs.Visit(func(f *flag.Flag) {
		switch {
		case f.Name == "cpuprofile" || f.Name == "memprofile":
			// The streaming driver writes them; go vet cannot.
			if opts.route == routeVet {
				opts.route = routeInProcess
			}
		case inProcessFlags[f.Name]:
			opts.route = routeInProcess
		case f.Name == "json" || f.Name == "govet":
		case f.Name == "test":
			if !*tests && opts.route == routeVet {
				opts.route = routeInProcess // go vet always includes tests
			}
		case f.Name == "tags":
			opts.vetFlags = append(opts.vetFlags, "-tags="+*tags)
		default:
			if isAnalyzer[f.Name] {
				opts.switched[f.Name] = f.Value.String() == "true"
			}
			opts.vetFlags = append(opts.vetFlags, "-"+f.Name+"="+f.Value.String())
		}
	})
	opts.json, opts.tags, opts.tests = *jsonOut, *tags, *tests
	opts.cpuprofile = fs.Lookup("cpuprofile").Value.String()
	opts.memprofile = fs.Lookup("memprofile").Value.String()
	return opts, opts.route != routeInProcess
}

// runVet runs go vet with self as the vet tool and reports as the
// standalone checker does. It returns the exit code.
func runVet(self string, vetFlags, patterns []string, jsonOut bool, stdout, stderr io.Writer) int {
	args := append([]string{"vet", "-vettool=" + self, "-json"}, vetFlags...)
	args = append(args, patterns...)
	cmd := exec.Command("go", args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr := cmd.Run()
	if exit := (*exec.ExitError)(nil); runErr != nil && !errors.As(runErr, &exit) {
		fmt.Fprintf(stderr, "leakvet: cannot run go vet: %v\n", runErr)
		return 1
	}

	tree, err := mergeJSON(out.Bytes())
	if err != nil {
		fmt.Fprintf(stderr, "leakvet: cannot read go vet output: %v\n", err)
		return 1
	}
	failed := runErr != nil
	// The go command only warns about a pattern that matches nothing; for
	// a linter that is a silent success on the wrong input, so it fails.
	for _, line := range strings.Split(errOut.String(), "\n") {
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		if strings.Contains(line, "matched no packages") {
			failed = true
		}
		fmt.Fprintln(stderr, strings.TrimPrefix(line, "vet: "))
	}

	return printTree(tree, jsonOut, failed, stdout, stderr)
}

// printTree prints a run's findings as the standalone checker does: a
// "position: message" line per diagnostic and an "analyzer: error" line per
// failed analysis on stderr, or, with jsonOut, the tree itself on stdout.
// It returns the exit code: 1 when the run failed (or an analysis did), 3
// when there are findings and they were printed as text, 0 otherwise.
func printTree(tree jsonTree, jsonOut, failed bool, stdout, stderr io.Writer) int {
	diags := 0
	for _, pkg := range sortedKeys(tree) {
		for _, name := range sortedKeys(tree[pkg]) {
			var list []jsonDiagnostic
			if err := json.Unmarshal(tree[pkg][name], &list); err != nil {
				var e struct{ Error string }
				if json.Unmarshal(tree[pkg][name], &e) == nil && e.Error != "" {
					failed = true
					if !jsonOut {
						fmt.Fprintf(stderr, "%s: %s\n", name, e.Error)
					}
				}
				continue
			}
			diags += len(list)
			if !jsonOut {
				for _, d := range list {
					fmt.Fprintf(stderr, "%s: %s\n", d.Posn, d.Message)
				}
			}
		}
	}
	if jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "\t")
		if err := enc.Encode(tree); err != nil {
			return 1
		}
	}
	switch {
	case failed:
		return 1
	case diags > 0 && !jsonOut:
		return 3
	}
	return 0
}

// mergeJSON merges the JSON objects go vet prints, one per package, into
// one tree: package ID -> analyzer -> diagnostics or error.
func mergeJSON(data []byte) (jsonTree, error) {
	tree := make(jsonTree)
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var obj map[string]map[string]json.RawMessage
		if err := dec.Decode(&obj); err == io.EOF {
			return tree, nil
		} else if err != nil {
			return nil, err
		}
		for pkg, analyzers := range obj {
			if tree[pkg] == nil {
				tree[pkg] = make(map[string]json.RawMessage)
			}
			for name, v := range analyzers {
				tree[pkg][name] = v
			}
		}
	}
}

// goOnPath reports whether the go command is available.
func goOnPath() bool {
	_, err := exec.LookPath("go")
	return err == nil
}
