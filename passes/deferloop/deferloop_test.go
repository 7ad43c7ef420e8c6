package deferloop_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/deferloop"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), deferloop.Analyzer, "a", "rangefunc", "realbugs")
}
