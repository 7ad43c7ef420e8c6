package syncmisuse_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/syncmisuse"
)

func TestSyncMisuse(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), syncmisuse.Analyzer, "a")
}

// TestRealBugs runs the reconstructions of published WaitGroup misuse and
// their fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), syncmisuse.Analyzer, "realbugs")
}
