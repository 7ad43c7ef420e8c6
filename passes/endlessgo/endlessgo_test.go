package endlessgo_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/endlessgo"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), endlessgo.Analyzer, "a", "prog", "pumplib", "crosspkg")
}

// TestRealBugs runs the reconstructions of published goroutine leaks and
// their fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), endlessgo.Analyzer, "realbugs")
}
