// Command ssafloor is the baseline leakvet is measured against: a checker
// that builds SSA for every package and does nothing else. It loads
// packages exactly as leakvet does (whole import closure from syntax, since
// buildssa's prerequisite ctrlflow exports facts), so the difference between
// the two is what leakvet's analyzers cost above the SSA floor.
//
// Like leakvet it runs standalone (ssafloor ./...) and as a vet tool
// (go vet -vettool=$(command -v ssafloor) ./...).
package main

import (
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

func main() {
	multichecker.Main(floor)
}
