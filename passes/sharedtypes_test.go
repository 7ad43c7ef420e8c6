package passes_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes/errwrap"
	"github.com/leakvet/leakvet/passes/internal/lockset"
)

// TestAnalyzersLeaveTypesAlone runs an analyzer and then another over the
// same loaded packages, as every multi-run host does: an analyzer must not
// change the packages' types (lockset once appended to the slice
// types.Package.Imports returns, rewriting the package's import list, and
// the next run's SSA build panicked).
func TestAnalyzersLeaveTypesAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("loads os/exec and its dependencies")
	}
	pkgs := load(t, "", "os/exec", "context")
	analyze(t, []*analysis.Analyzer{lockset.Analyzer}, pkgs)
	analyze(t, []*analysis.Analyzer{errwrap.Analyzer}, pkgs)
}
