package unbufsend_test

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leakvet/leakvet/passes/unbufsend"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unbufsend.Analyzer, "a")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unbufsend.Analyzer, "fix")
}

// TestRealBugs runs the reconstructions of published goroutine leaks and
// their fixes.
func TestRealBugs(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unbufsend.Analyzer, "realbugs")
}

// TestRelated checks that every report on a channel the function makes
// names the make, and every report on a goroutine's send names the go
// statement that starts it, as related positions.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), unbufsend.Analyzer, "a")
	checked := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if !strings.HasPrefix(d.Message, "goroutine leaks: ") && !strings.HasPrefix(d.Message, "send on unbuffered channel ") && !strings.HasPrefix(d.Message, "deadlock: ") {
				continue
			}
			var made, started bool
			for _, rel := range d.Related {
				made = made || strings.Contains(rel.Message, " is made here")
				started = started || rel.Message == "the goroutine that blocks is started here"
			}
			line := r.Pass.Fset.Position(d.Pos)
			if !made && !strings.Contains(d.Message, "returned by") {
				t.Errorf("%v: %q names no make", line, d.Message)
			}
			src, err := os.ReadFile(line.Filename)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.SplitN(string(src[line.Offset:]), "\n", 2)[0]
			atSend := strings.Contains(text, "<-")
			// A buffer filled before any receiver can run blocks the
			// function's own goroutine: there is no go statement to name.
			ownSend := strings.Contains(d.Message, ") blocks forever: ") && strings.Contains(d.Message, "(buffer ")
			if strings.HasPrefix(d.Message, "goroutine leaks: ") && atSend && !started && !ownSend && !strings.Contains(d.Message, "returned by") {
				t.Errorf("%v: %q names no go statement", line, d.Message)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d diagnostics checked", checked)
	}
}
