package passes_test

import (
	"go/token"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes"
)

// TestAll checks the analyzer contract every driver relies on.
func TestAll(t *testing.T) {
	all := passes.All()
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSortedFunc(all, func(a, b *analysis.Analyzer) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("All() is not sorted by name")
	}
	for _, a := range all {
		if !token.IsIdentifier(a.Name) || strings.ToLower(a.Name) != a.Name {
			t.Errorf("%s: name must be a lower-case Go identifier", a.Name)
		}
		summary, rest, _ := strings.Cut(a.Doc, "\n")
		if summary == "" || strings.HasSuffix(summary, ".") {
			t.Errorf("%s: Doc must start with a one-line summary without a period, got %q", a.Name, summary)
		}
		if !strings.Contains(rest, "WRONG") || !strings.Contains(rest, "RIGHT") {
			t.Errorf("%s: Doc must show a WRONG and a RIGHT example", a.Name)
		}
		if a.URL != "https://pkg.go.dev/github.com/leakvet/leakvet/passes/"+a.Name {
			t.Errorf("%s: URL is %q", a.Name, a.URL)
		}
	}
}
