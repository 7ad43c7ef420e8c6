// Package passes lists leakvet's analyzers. Every entry point — the
// leakvet binary, the golangci-lint plugin, a Bazel nogo configuration —
// takes its analyzers from All, so they never disagree on what leakvet is.
package passes

import (
	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes/ctxprop"
	"github.com/leakvet/leakvet/passes/deferloop"
	"github.com/leakvet/leakvet/passes/doubleclose"
	"github.com/leakvet/leakvet/passes/doublelock"
	"github.com/leakvet/leakvet/passes/endlessgo"
	"github.com/leakvet/leakvet/passes/errwrap"
	"github.com/leakvet/leakvet/passes/gosched"
	"github.com/leakvet/leakvet/passes/lockleak"
	"github.com/leakvet/leakvet/passes/loopcapture"
	"github.com/leakvet/leakvet/passes/recvblock"
	"github.com/leakvet/leakvet/passes/unbufsend"
)

// All returns leakvet's analyzers, sorted by name.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		ctxprop.Analyzer,
		deferloop.Analyzer,
		doubleclose.Analyzer,
		doublelock.Analyzer,
		endlessgo.Analyzer,
		errwrap.Analyzer,
		gosched.Analyzer,
		lockleak.Analyzer,
		loopcapture.Analyzer,
		recvblock.Analyzer,
		unbufsend.Analyzer,
	}
}
