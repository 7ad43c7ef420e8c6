package poolput_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/poolput"
)

func TestPools(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), poolput.Analyzer, "pools", "poolhelpers", "poolusers", "realbugs")
}
