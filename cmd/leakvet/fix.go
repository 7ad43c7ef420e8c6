package main

// -fix and -diff on the streaming driver. The driver's results carry each
// diagnostic's suggested fixes as byte-offset edits; once the run is done
// (so memory is that of a run without -fix), leakvet takes the first fix of
// every diagnostic, in a fixed order, and merges their edits per file. Two
// identical edits (the same fix reached through a package and its test
// variant, or two diagnostics proposing the same change) count once; a fix
// with an edit that overlaps a different, already accepted edit is refused
// as a whole, with a message naming both findings, and its diagnostic is
// reported as not fixed. -fix then writes the files; -diff writes nothing
// and prints the changes as a unified diff on stdout instead.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/driver"
)

// fileEdit is one accepted edit and the finding it came from.
type fileEdit struct {
	driver.TextEdit
	from finding
}

// applyFixes applies (or, with diffOnly, shows) the first suggested fix of
// every finding that has one and returns the findings left: those without
// a fix and those whose fix was refused. ok is false when a file could not
// be read or written.
func applyFixes(f *findings, diffOnly bool, wd string, stdout, stderr io.Writer) (*findings, bool) {
	edits := make(map[string][]fileEdit)
	var left []finding
	for _, x := range f.list {
		if len(x.diag.SuggestedFixes) == 0 {
			left = append(left, x)
			continue
		}
		fix := x.diag.SuggestedFixes[0]
		if conflict, ok := conflicting(edits, fix); ok {
			fmt.Fprintf(stderr, "leakvet: %s: fix %q not applied: it conflicts with the fix of %s: %s\n",
				shortPosn(x.diag.Posn, wd), fix.Message, shortPosn(conflict.from.diag.Posn, wd), conflict.from.diag.Message)
			left = append(left, x)
			continue
		}
		for _, e := range fix.Edits {
			if !contains(edits[e.Filename], e) {
				edits[e.Filename] = append(edits[e.Filename], fileEdit{e, x})
			}
		}
		f.fixed++
	}
	f.list = left

	ok := true
	for _, file := range sortedKeys(edits) {
		old, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stderr, "leakvet: cannot apply fixes: %v\n", err)
			ok = false
			continue
		}
		updated, err := applyEdits(old, edits[file])
		if err != nil {
			fmt.Fprintf(stderr, "leakvet: cannot apply fixes to %s: %v\n", file, err)
			ok = false
			continue
		}
		if diffOnly {
			name := file
			if rel, err := filepath.Rel(wd, file); err == nil && !strings.HasPrefix(rel, "..") {
				name = filepath.ToSlash(rel)
			}
			_, _ = io.WriteString(stdout, unifiedDiff("a/"+name, "b/"+name, string(old), string(updated)))
			continue
		}
		mode := os.FileMode(0o644)
		if fi, err := os.Stat(file); err == nil {
			mode = fi.Mode().Perm()
		}
		if err := os.WriteFile(file, updated, mode); err != nil {
			fmt.Fprintf(stderr, "leakvet: cannot apply fixes: %v\n", err)
			ok = false
		}
	}
	return f, ok
}

// conflicting returns an accepted edit that one of fix's edits overlaps
// without being identical to it.
func conflicting(edits map[string][]fileEdit, fix driver.SuggestedFix) (fileEdit, bool) {
	for _, e := range fix.Edits {
		for _, a := range edits[e.Filename] {
			if a.TextEdit == e {
				continue
			}
			if overlaps(a.TextEdit, e) {
				return a, true
			}
		}
	}
	return fileEdit{}, false
}

// overlaps reports whether two different edits of a file touch the same
// bytes, or insert different text at the same offset (whose order would be
// a guess).
func overlaps(a, b driver.TextEdit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	if a.Start == a.End {
		return b.Start < a.Start && a.Start < b.End
	}
	if b.Start == b.End {
		return a.Start < b.Start && b.Start < a.End
	}
	return a.Start < b.End && b.Start < a.End
}

func contains(list []fileEdit, e driver.TextEdit) bool {
	for _, a := range list {
		if a.TextEdit == e {
			return true
		}
	}
	return false
}

// applyEdits applies non-overlapping edits to src.
func applyEdits(src []byte, edits []fileEdit) ([]byte, error) {
	sorted := append([]fileEdit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].End < sorted[j].End // an insertion before a replacement at the same offset
	})
	var out bytes.Buffer
	last := 0
	for _, e := range sorted {
		if e.Start < last || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) out of range or overlapping (the file changed since it was analyzed?)", e.Start, e.End)
		}
		out.Write(src[last:e.Start])
		out.WriteString(e.New)
		last = e.End
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// unifiedDiff returns the unified diff (three lines of context) turning
// oldText into newText, or "" if they are equal.
func unifiedDiff(oldName, newName, oldText, newText string) string {
	if oldText == newText {
		return ""
	}
	a, b := splitLines(oldText), splitLines(newText)
	ops := diffLines(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	const context = 3
	// Group the changes into hunks: runs of ops whose changes are at most
	// 2*context equal lines apart.
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(i-context, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*context {
				break
			}
		}
		stop := min(end+context, len(ops))
		aStart, bStart := ops[start].aLine, ops[start].bLine
		var aLen, bLen int
		var body strings.Builder
		for _, op := range ops[start:stop] {
			switch op.kind {
			case ' ':
				aLen++
				bLen++
			case '-':
				aLen++
			case '+':
				bLen++
			}
			body.WriteByte(op.kind)
			body.WriteString(op.text)
			if !strings.HasSuffix(op.text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
		out.WriteString(body.String())
		i = stop
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start) // the line before an empty range
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// diffOp is one line of a diff: kept (' '), removed ('-') or added ('+');
// aLine and bLine count the lines of old and new before it.
type diffOp struct {
	kind         byte
	text         string
	aLine, bLine int
}

// diffLines is a line diff of a and b: the common prefix and suffix are
// kept, and the middle (small for fixes, which are local) is matched by
// longest common subsequence; a middle too large for that is replaced as
// a whole.
func diffLines(a, b []string) []diffOp {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	var ops []diffOp
	ai, bi := 0, 0
	emit := func(kind byte, text string) {
		ops = append(ops, diffOp{kind, text, ai, bi})
		switch kind {
		case ' ':
			ai++
			bi++
		case '-':
			ai++
		case '+':
			bi++
		}
	}
	for _, l := range a[:p] {
		emit(' ', l)
	}
	ma, mb := a[p:len(a)-s], b[p:len(b)-s]
	if len(ma)*len(mb) > 4_000_000 {
		for _, l := range ma {
			emit('-', l)
		}
		for _, l := range mb {
			emit('+', l)
		}
	} else {
		// lcs[i][j]: the longest common subsequence of ma[i:] and mb[j:].
		lcs := make([][]int32, len(ma)+1)
		for i := range lcs {
			lcs[i] = make([]int32, len(mb)+1)
		}
		for i := len(ma) - 1; i >= 0; i-- {
			for j := len(mb) - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(ma) || j < len(mb) {
			switch {
			case i < len(ma) && j < len(mb) && ma[i] == mb[j]:
				emit(' ', ma[i])
				i++
				j++
			case j == len(mb) || (i < len(ma) && lcs[i+1][j] >= lcs[i][j+1]):
				emit('-', ma[i])
				i++
			default:
				emit('+', mb[j])
				j++
			}
		}
	}
	for _, l := range a[len(a)-s:] {
		emit(' ', l)
	}
	return ops
}
