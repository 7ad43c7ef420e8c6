package lockleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/lockleak"
)

func TestLockLeak(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "a", "lib", "crosspkg")
}

// TestRealBugs runs the reconstructions of published lock leaks and their
// fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockleak.Analyzer, "realbugs")
}
