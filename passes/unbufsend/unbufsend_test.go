package unbufsend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/unbufsend"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unbufsend.Analyzer, "a")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unbufsend.Analyzer, "fix")
}

// TestRealBugs runs the reconstructions of published goroutine leaks and
// their fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unbufsend.Analyzer, "realbugs")
}
