package readme

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes"
)

// TestREADMEUpToDate fails when README.md's Checks section differs from
// what the registered analyzers say about themselves.
func TestREADMEUpToDate(t *testing.T) {
	old, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	updated, err := Update(old, passes.All())
	if err != nil {
		t.Fatal(err)
	}
	if string(updated) != string(old) {
		t.Errorf("README.md disagrees with the analyzers' documentation; run\n\tgo generate ./internal/readmegen\nfirst difference:\n%s", firstDiff(string(old), string(updated)))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n\tREADME:    %s\n\tgenerated: %s", i+1, x, y)
		}
	}
	return ""
}

var (
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	// A doc says what it deliberately does not report in words like these.
	silenceRE = regexp.MustCompile(`(?i)\b(not report|not reported|not flag|not flagged|stays? silent|silent|deliberately|ignores?|is not a bug|are not bugs?)\b`)
)

// TestAnalyzerDocs checks that every analyzer documents what README and
// `leakvet help` show: in Doc, a one-line summary and WRONG and RIGHT
// examples with code; in its doc.go, what it deliberately does not report
// and each of its flags; and a URL pointing at its package documentation.
func TestAnalyzerDocs(t *testing.T) {
	for _, a := range passes.All() {
		t.Run(a.Name, func(t *testing.T) { checkDoc(t, a) })
	}
}

func checkDoc(t *testing.T, a *analysis.Analyzer) {
	if !nameRE.MatchString(a.Name) {
		t.Errorf("name %q is not a lower-case identifier", a.Name)
	}
	sum := summary(a)
	if sum == "" || strings.HasSuffix(sum, ".") || strings.HasPrefix(sum, a.Name+":") {
		t.Errorf("summary %q: want one line, without the name and a trailing period", sum)
	}
	if want := "https://pkg.go.dev/github.com/leakvet/leakvet/passes/" + a.Name; a.URL != want {
		t.Errorf("URL = %q, want %q (analyzerdoc.URL)", a.URL, want)
	}
	ex := examples(a.Doc)
	if !strings.Contains(ex, "WRONG") || !strings.Contains(ex, "RIGHT") || strings.Count(ex, "```go") < 2 {
		t.Errorf("Doc lacks a WRONG and a RIGHT paragraph, each followed by code:\n%s", a.Doc)
	}
	// The rest may be anywhere in the package documentation, which goes
	// on past the analyzer's section (a "# Flags" heading, say).
	docGo, err := os.ReadFile("../../passes/" + a.Name + "/doc.go")
	if err != nil {
		t.Fatalf("each analyzer is documented in passes/NAME/doc.go: %v", err)
	}
	if !silenceRE.MatchString(string(docGo)) {
		t.Errorf("doc.go does not say what %s deliberately does not report", a.Name)
	}
	a.Flags.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(string(docGo), f.Name) {
			t.Errorf("flag -%s.%s is not documented in doc.go", a.Name, f.Name)
		}
		if f.Usage == "" {
			t.Errorf("flag -%s.%s has no usage text", a.Name, f.Name)
		}
	})
}

func TestExamples(t *testing.T) {
	doc := `does a thing

What it reports, at length.

WRONG:

	bad()

	more bad()

RIGHT: do this:

	good()

or this:

	alsoGood()

It does not report ok() calls.

	ok()
`
	want := "WRONG:\n\n```go\nbad()\n\nmore bad()\n```\n\nRIGHT: do this:\n\n```go\ngood()\n```\n\nor this:\n\n```go\nalsoGood()\n```\n"
	if got := examples(doc); got != want {
		t.Errorf("examples =\n%q\nwant\n%q", got, want)
	}
	if got := examples("no examples\n\nat all"); got != "" {
		t.Errorf("examples without WRONG = %q", got)
	}
}

func TestUpdateMarkers(t *testing.T) {
	const beginMarker, endMarker = "<!-- analyzers:begin -->", "<!-- analyzers:end -->"
	if _, err := replaceBlock([]byte("no markers"), "analyzers", ""); err == nil {
		t.Error("update accepted a README without markers")
	}
	if _, err := replaceBlock([]byte(beginMarker+" but no end"), "analyzers", ""); err == nil {
		t.Error("update accepted a README without an end marker")
	}
	got, err := replaceBlock([]byte("top\n"+beginMarker+"\nold\n"+endMarker+"\nbottom\n"), "analyzers", "new\n")
	if err != nil {
		t.Fatal(err)
	}
	if s := string(got); !strings.HasPrefix(s, "top\n"+beginMarker+"\n") || !strings.HasSuffix(s, "new\n"+endMarker+"\nbottom\n") || strings.Contains(s, "old") {
		t.Errorf("update = %q", s)
	}
}
