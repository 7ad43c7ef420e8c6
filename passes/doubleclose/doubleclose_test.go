package doubleclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/doubleclose"
)

func TestDoubleClose(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doubleclose.Analyzer, "a", "helperlib", "crosspkg")
}

// TestRealBugs runs the reconstructions of published double closes and
// their fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doubleclose.Analyzer, "realbugs")
}
