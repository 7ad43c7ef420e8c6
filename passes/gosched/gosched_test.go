package gosched_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/gosched"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), gosched.Analyzer,
		"spin", "ordering", "generics", "go121", "current")
}
