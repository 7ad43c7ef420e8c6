package unclosed_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/unclosed"
)

func TestBodies(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unclosed.Analyzer, "bodies")
}

func TestSQL(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unclosed.Analyzer, "sqlh")
}

// TestFacts covers helpers of another package that close, read or return
// the resource.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unclosed.Analyzer, "helperlib", "helperuse")
}

func TestGenerics(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unclosed.Analyzer, "generics")
}
