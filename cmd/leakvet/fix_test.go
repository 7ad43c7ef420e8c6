package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/driver"
)

// TestApplyFixes: identical edits from two findings are applied once; a
// fix that overlaps another, different edit is refused as a whole, with a
// message naming both findings, and its finding stays.
func TestApplyFixes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	src := "package a\n\nvar x = f(1)\nvar y = g(2)\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	at := func(s string) int { return strings.Index(src, s) }
	edit := func(from, to, repl string) driver.TextEdit {
		return driver.TextEdit{Filename: file, Start: at(from), End: at(from) + len(to), New: repl}
	}
	diag := func(line int, msg string, edits ...driver.TextEdit) finding {
		d := driver.Diagnostic{Posn: file + ":" + string(rune('0'+line)) + ":1", Message: msg}
		if len(edits) > 0 {
			d.SuggestedFixes = []driver.SuggestedFix{{Message: "fix " + msg, Edits: edits}}
		}
		return finding{pkg: "a", analyzer: "t", diag: d}
	}
	f := &findings{list: []finding{
		diag(3, "one", edit("f(1)", "f(1)", "f(10)")),
		diag(3, "same", edit("f(1)", "f(1)", "f(10)")), // identical: merged
		diag(3, "clash", edit("(1)", "(1)", "(11)"), edit("g(2)", "g", "h")),
		diag(4, "other", edit("g(2)", "g", "k")),
		diag(4, "nofix"),
	}}
	var stdout, stderr strings.Builder
	left, ok := applyFixes(f, false, dir, &stdout, &stderr)
	if !ok {
		t.Fatalf("applyFixes failed: %s", stderr.String())
	}
	got, _ := os.ReadFile(file)
	if want := "package a\n\nvar x = f(10)\nvar y = k(2)\n"; string(got) != want {
		t.Errorf("file after the fixes:\n%s\nwant\n%s", got, want)
	}
	var msgs []string
	for _, x := range left.list {
		msgs = append(msgs, x.diag.Message)
	}
	if strings.Join(msgs, ",") != "clash,nofix" || left.fixed != 3 {
		t.Errorf("left %v, %d fixed; want clash and nofix left, 3 fixed", msgs, left.fixed)
	}
	if !strings.Contains(stderr.String(), `a.go:3:1: fix "fix clash" not applied: it conflicts with the fix of a.go:3:1: one`) {
		t.Errorf("stderr:\n%s\nwant the refused fix named", stderr.String())
	}
}

func TestUnifiedDiff(t *testing.T) {
	before := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n"
	after := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm"
	want := `--- a/x
+++ b/x
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -10,3 +10,4 @@
 j
 k
 l
+m
\ No newline at end of file
`
	if got := unifiedDiff("a/x", "b/x", before, after); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := unifiedDiff("a/x", "b/x", before, before); got != "" {
		t.Errorf("equal files: got %q", got)
	}
}
