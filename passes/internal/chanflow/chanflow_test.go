package chanflow_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanflow.Analyzer, "sum", "sumuse")
}
