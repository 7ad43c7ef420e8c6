// Command ssafloor is the baseline leakvet is measured against: a checker
// that builds SSA for every package and does nothing else. It loads
// packages exactly as leakvet does (whole import closure from syntax, since
// buildssa's prerequisite ctrlflow exports facts), so the difference between
// the two is what leakvet's analyzers cost above the SSA floor.
//
// Like leakvet it runs standalone (ssafloor ./...), as a vet tool
// (go vet -vettool=$(command -v ssafloor) ./...), and with SSAFLOOR_STREAM=1
// through leakvet's streaming driver.
//
// With SSAFLOOR_FACTS=1 in the environment the floor also declares a fact
// type, as any cross-package analyzer must. The drivers then run it, and so
// build SSA, for every package of the import closure (and, with tests, for
// every test-recompiled variant of a dependency), not only for the packages
// named on the command line. That is the floor of an analyzer suite that
// uses facts; the plain floor is that of one that does not.
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/leakvet/leakvet/internal/driver"
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
	if os.Getenv("SSAFLOOR_STREAM") == "1" {
		os.Exit(stream(os.Args[1:]))
	}
	multichecker.Main(floor)
}

// stream runs the floor through leakvet's streaming driver, the floor of
// `leakvet PATTERNS`: ssafloor-stream, and with SSAFLOOR_FACTS=1
// ssafloor-stream-facts, which also builds SSA for the dependencies outside
// the standard library, as leakvet's fact-exporting analyzers make it do.
func stream(patterns []string) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	res, err := driver.Run(driver.Config{Dir: wd, Patterns: patterns, Tests: true, Analyzers: []*analysis.Analyzer{floor}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, e := range res.Errors {
		fmt.Fprintln(os.Stderr, e)
	}
	if len(res.Errors) > 0 {
		return 1
	}
	return 0
}
