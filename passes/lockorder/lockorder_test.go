package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/lockorder"
)

func TestLockOrder(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "a", "lib", "crosspkg", "constructor", "cycles", "cyclelib", "cyclecross")
}

// TestRealBugs runs the reconstructions of published lock-order
// inversions and their fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "realbugs")
}
