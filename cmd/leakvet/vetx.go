package main

import (
	"encoding/json"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Under go vet, every dependency of the packages being vetted is analyzed
// too, in "VetxOnly" mode: its diagnostics are thrown away and only the
// facts it exports matter. unitchecker keeps every analyzer that uses facts
// transitively, which for SSA analyzers is all of them (buildssa requires
// ctrlflow, which has facts). forVetxOnly narrows the run to the analyzers
// that export facts of their own, which is all their dependents can read;
// the others would only produce diagnostics nobody sees.

// vetConfig is the part of the go command's vet configuration file
// (golang.org/x/tools/go/analysis/unitchecker.Config) leakvet looks at.
type vetConfig struct {
	VetxOnly bool
}

// analyzersFor returns the analyzers to run for a go vet invocation whose
// configuration file is cfgFile.
func analyzersFor(cfgFile string, analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return analyzers // unitchecker reports the error
	}
	var cfg vetConfig
	if json.Unmarshal(data, &cfg) != nil || !cfg.VetxOnly {
		return analyzers
	}
	return forVetxOnly(analyzers)
}

// forVetxOnly keeps the analyzers that export facts as they are and
// replaces every other one by a stand-in with the same name and flags (the
// go command passes the user's flags to every invocation) that does
// nothing but require the fact-exporting analyzers the original requires,
// such as the shared channel-flow summaries.
func forVetxOnly(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(analyzers))
	for i, a := range analyzers {
		if len(a.FactTypes) > 0 {
			out[i] = a
			continue
		}
		var reqs []*analysis.Analyzer
		for _, req := range a.Requires {
			if exportsFacts(req) {
				reqs = append(reqs, req)
			}
		}
		out[i] = &analysis.Analyzer{
			Name:     a.Name,
			Doc:      a.Doc,
			URL:      a.URL,
			Flags:    a.Flags,
			Requires: reqs,
			Run:      func(*analysis.Pass) (any, error) { return nil, nil },
		}
	}
	return out
}

// exportsFacts reports whether a, or an analyzer it requires, declares
// fact types, not counting the standard passes (ctrlflow's facts are
// produced by buildssa's own requirement wherever SSA is built).
func exportsFacts(a *analysis.Analyzer) bool {
	if strings.HasPrefix(a.URL, "https://pkg.go.dev/golang.org/x/tools/") {
		return false
	}
	if len(a.FactTypes) > 0 {
		return true
	}
	for _, req := range a.Requires {
		if exportsFacts(req) {
			return true
		}
	}
	return false
}

// vetConfigArg returns the configuration file when args are a go vet
// protocol call (a single *.cfg argument after any flags).
func vetConfigArg(args []string) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") {
		return "", false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return "", false
		}
	}
	return last, true
}
