package cfree_test

import (
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/cfree"
)

// TestCgo needs a C compiler: cgo must translate the testdata. Without
// one (or with CGO_ENABLED=0) it is skipped.
func TestCgo(t *testing.T) {
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	fields := strings.Fields(string(out))
	if len(fields) < 2 || fields[0] != "1" {
		t.Skip("cgo is disabled")
	}
	if _, err := exec.LookPath(fields[1]); err != nil {
		t.Skipf("no C compiler: %v", err)
	}
	analysistest.Run(t, analysistest.TestData(), cfree.Analyzer, "cmem", "realbugs")
}
