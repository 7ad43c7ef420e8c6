package timerleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/timerleak"
)

// TestGo122 covers files built for Go 1.22 (//go:build go1.22), where
// unstopped timers and tickers are never collected.
func TestGo122(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), timerleak.Analyzer, "go122", "go122main", "realbugs")
}

// TestCurrent covers the same shapes in files of the current version,
// where the garbage collector frees them: nothing is reported.
func TestCurrent(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), timerleak.Analyzer, "current")
}
