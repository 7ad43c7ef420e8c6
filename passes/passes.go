// Package passes lists leakvet's analyzers. Every entry point — the
// leakvet binary, the golangci-lint plugin, a Bazel nogo configuration —
// takes its analyzers from All, so they never disagree on what leakvet is.
package passes

import (
	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes/afterfunc"
	"github.com/leakvet/leakvet/passes/cancelfield"
	"github.com/leakvet/leakvet/passes/cfree"
	"github.com/leakvet/leakvet/passes/ctxprop"
	"github.com/leakvet/leakvet/passes/deferloop"
	"github.com/leakvet/leakvet/passes/doubleclose"
	"github.com/leakvet/leakvet/passes/doublelock"
	"github.com/leakvet/leakvet/passes/endlessgo"
	"github.com/leakvet/leakvet/passes/errwrap"
	"github.com/leakvet/leakvet/passes/gosched"
	"github.com/leakvet/leakvet/passes/handlergc"
	"github.com/leakvet/leakvet/passes/lockleak"
	"github.com/leakvet/leakvet/passes/lockorder"
	"github.com/leakvet/leakvet/passes/loopcapture"
	"github.com/leakvet/leakvet/passes/poolput"
	"github.com/leakvet/leakvet/passes/recvblock"
	"github.com/leakvet/leakvet/passes/syncmisuse"
	"github.com/leakvet/leakvet/passes/timerleak"
	"github.com/leakvet/leakvet/passes/unbufsend"
	"github.com/leakvet/leakvet/passes/unclosed"
)

// All returns leakvet's analyzers, sorted by name.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		afterfunc.Analyzer,
		cancelfield.Analyzer,
		cfree.Analyzer,
		ctxprop.Analyzer,
		deferloop.Analyzer,
		doubleclose.Analyzer,
		doublelock.Analyzer,
		endlessgo.Analyzer,
		errwrap.Analyzer,
		gosched.Analyzer,
		handlergc.Analyzer,
		lockleak.Analyzer,
		lockorder.Analyzer,
		loopcapture.Analyzer,
		poolput.Analyzer,
		recvblock.Analyzer,
		syncmisuse.Analyzer,
		timerleak.Analyzer,
		unbufsend.Analyzer,
		unclosed.Analyzer,
	}
}
