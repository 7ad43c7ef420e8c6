package loopcapture_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/loopcapture"
)

// TestGo121 covers files with pre-1.22 loop semantics (//go:build go1.21),
// including the suggested v := v fix.
func TestGo121(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), loopcapture.Analyzer, "go121")
}

// TestCurrent covers files with per-iteration loop variables, where only
// variables declared outside the loop (and fields) are shared.
func TestCurrent(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), loopcapture.Analyzer, "current", "helpers")
}

// TestRealBugs covers reconstructions of published bugs, each beside the
// fix that shipped.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), loopcapture.Analyzer, "realbugs")
}
