package unclosed_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/unclosed"
)

// TestUnclosed covers response bodies (bodies), database handles (sqlh),
// generic code (generics) and helpers of another package whose effect
// crosses as a fact (helperlib, helperuse). One run loads net/http once.
func TestUnclosed(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unclosed.Analyzer, "bodies", "sqlh", "generics", "helperlib", "helperuse", "realbugs")
}
