// Package passes lists leakvet's analyzers. Every entry point — the
// leakvet binary, the golangci-lint plugin, a Bazel nogo configuration —
// takes its analyzers from All, so they never disagree on what leakvet is.
package passes

import (
	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes/deferloop"
)

// All returns leakvet's analyzers, sorted by name.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		deferloop.Analyzer,
	}
}
