package errwrap_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/errwrap"
)

func TestErrwrap(t *testing.T) {
	dir := analysistest.TestData()
	analysistest.RunWithSuggestedFixes(t, dir, errwrap.Analyzer, "a")
	analysistest.Run(t, dir, errwrap.Analyzer, "example.com/lib/internal/ierr", "example.com/lib", "example.com/client")
}

// TestVersions pins the Go-version-dependent behaviour: one %w per call
// before Go 1.20, nothing at all before Go 1.13.
func TestVersions(t *testing.T) {
	dir := analysistest.TestData()
	analysistest.Run(t, filepath.Join(dir, "go119mod"), errwrap.Analyzer, "./...")
	analysistest.Run(t, filepath.Join(dir, "go112mod"), errwrap.Analyzer, "./...")
}

func TestBareReturn(t *testing.T) {
	if err := errwrap.Analyzer.Flags.Set("barereturn", "true"); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := errwrap.Analyzer.Flags.Set("barereturn", "false"); err != nil {
			t.Fatal(err)
		}
	}()
	analysistest.Run(t, analysistest.TestData(), errwrap.Analyzer, "bare")
}

// TestAllVerbs pins -allverbs: every error operand formatted without %w is
// reported, whatever its origin, with the same fixes.
func TestAllVerbs(t *testing.T) {
	if err := errwrap.Analyzer.Flags.Set("allverbs", "true"); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := errwrap.Analyzer.Flags.Set("allverbs", "false"); err != nil {
			t.Fatal(err)
		}
	}()
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), errwrap.Analyzer, "allverbs")
}
