package doublelock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/doublelock"
)

func TestDoubleLock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "a", "lib", "crosspkg")
}

// TestRealBugs runs the reconstructions of published double locks and
// their fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "realbugs")
}
