// Command ssafloor is the baseline leakvet is measured against: a checker
// that builds SSA for every package and does nothing else. It loads
// packages exactly as leakvet does (whole import closure from syntax, since
// buildssa's prerequisite ctrlflow exports facts), so the difference between
// the two is what leakvet's analyzers cost above the SSA floor.
//
// Like leakvet it runs standalone (ssafloor ./...) and as a vet tool
// (go vet -vettool=$(command -v ssafloor) ./...).
//
// With SSAFLOOR_FACTS=1 in the environment the floor also declares a fact
// type, as any cross-package analyzer must. The drivers then run it, and so
// build SSA, for every package of the import closure (and, with tests, for
// every test-recompiled variant of a dependency), not only for the packages
// named on the command line. That is the floor of an analyzer suite that
// uses facts; the plain floor is that of one that does not.
package main

import (
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// floor requires SSA and reports nothing.
var floor = &analysis.Analyzer{
	Name:     "ssafloor",
	Doc:      "ssafloor builds SSA for every package and reports nothing",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

// noFact is never exported; declaring it is what makes the drivers analyze
// dependencies.
type noFact struct{}

func (*noFact) AFact() {}

func main() {
	if os.Getenv("SSAFLOOR_FACTS") == "1" {
		floor.FactTypes = []analysis.Fact{new(noFact)}
	}
	multichecker.Main(floor)
}
