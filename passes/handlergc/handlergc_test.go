package handlergc_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/handlergc"
)

func TestHandlers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), handlergc.Analyzer, "handlers")
}
