package ctxprop_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/ctxprop"
)

func TestCancel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxprop.Analyzer, "cancel", "goroutines", "helpers")
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxprop.Analyzer, "freshlib", "freshuse", "valueslib", "valuesuse")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), ctxprop.Analyzer, "fresh", "apis", "example.com/derived", "exempt", "generics")
}

// TestRealBugs covers reconstructions of published bugs, each beside the
// fix that shipped.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxprop.Analyzer, "realbugs")
}
