package afterfunc_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/afterfunc"
)

func TestWatchdog(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), afterfunc.Analyzer, "watchdog", "realbugs")
}
