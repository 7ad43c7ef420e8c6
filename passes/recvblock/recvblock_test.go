package recvblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/recvblock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), recvblock.Analyzer, "a", "crosspkg", "mainblock")
}

// TestRealBugs runs the reconstructions of published blocking bugs and
// their fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), recvblock.Analyzer, "realbugs")
}
