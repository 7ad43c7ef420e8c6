package cancelfield_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/cancelfield"
)

func TestFields(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), cancelfield.Analyzer, "fields")
}
