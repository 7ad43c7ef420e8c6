// Package report is the one way leakvet analyzers emit diagnostics.
//
// It honours two rules in every driver (standalone, go vet, golangci-lint,
// nogo), because the analyzers apply them themselves rather than leaving them
// to a driver that may not exist:
//
//   - a diagnostic in a generated file (one carrying the standard
//     "// Code generated ... DO NOT EDIT." header) is never reported: its
//     author cannot fix it there. A file cgo translated from the user's own
//     is not generated in that sense, though it carries the header: its
//     //line directives lead back to the .go file the user wrote;
//   - a comment //leakvet:ignore NAME[,NAME...] REASON on the flagged line or
//     on the line above silences NAME's diagnostics on that line. A directive
//     without a reason still silences, but is itself reported, so that every
//     suppression in a codebase says why it is there.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Directive is the comment prefix that silences a diagnostic.
const Directive = "//leakvet:ignore"

// A Reporter filters and emits the diagnostics of one analysis pass.
// Create one per pass with New; it is not safe for concurrent use.
type Reporter struct {
	pass      *analysis.Pass
	generated map[*token.File]bool
	// ignored maps a file to the lines on which the pass's analyzer is silenced.
	ignored map[*token.File]map[int]bool
}

// New scans the pass's files for generated-code markers and ignore
// directives, reports directives for this analyzer that give no reason, and
// returns a Reporter that applies them.
func New(pass *analysis.Pass) *Reporter {
	r := &Reporter{
		pass:      pass,
		generated: make(map[*token.File]bool),
		ignored:   make(map[*token.File]map[int]bool),
	}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		if ast.IsGenerated(f) && !translatedFromGo(pass.Fset, tf, f) {
			r.generated[tf] = true
			continue
		}
		for _, group := range f.Comments {
			for _, c := range group.List {
				r.scanDirective(tf, c)
			}
		}
	}
	return r
}

// translatedFromGo reports whether f is a translation of another Go file,
// as cgo makes of every file that imports "C": its package clause lies,
// through a //line directive, in a .go file other than f.
func translatedFromGo(fset *token.FileSet, tf *token.File, f *ast.File) bool {
	orig := fset.Position(f.Package).Filename
	return orig != tf.Name() && strings.HasSuffix(orig, ".go")
}

// scanDirective records c if it is an ignore directive naming this analyzer.
func (r *Reporter) scanDirective(tf *token.File, c *ast.Comment) {
	names, reason, ok := ParseDirective(c.Text)
	if !ok {
		return
	}
	name := r.pass.Analyzer.Name
	for _, n := range names {
		if n != name {
			continue
		}
		line := tf.Line(c.Slash)
		lines := r.ignored[tf]
		if lines == nil {
			lines = make(map[int]bool)
			r.ignored[tf] = lines
		}
		lines[line] = true
		lines[line+1] = true
		if reason == "" {
			r.pass.Report(analysis.Diagnostic{
				Pos:      c.Slash,
				End:      c.End(),
				Category: name,
				Message:  fmt.Sprintf("%s %s needs a reason: say why the finding does not apply, e.g. %s %s <reason>", Directive, name, Directive, name),
			})
		}
		return
	}
}

// ParseDirective splits an ignore comment ("//leakvet:ignore a,b reason")
// into its analyzer names and reason. ok is false when text is not an
// ignore directive at all.
func ParseDirective(text string) (names []string, reason string, ok bool) {
	rest, found := strings.CutPrefix(text, Directive)
	if !found {
		return nil, "", false
	}
	// "//leakvet:ignoreX" is a different word, not our directive.
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, "", false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return nil, "", true
	}
	for _, n := range strings.Split(fields[0], ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names, strings.Join(fields[1:], " "), true
}

// Report emits d unless it is silenced or lies in a generated file.
// The diagnostic's Category defaults to the analyzer's name; Related
// entries without a valid position are dropped.
func (r *Reporter) Report(d analysis.Diagnostic) {
	if r.Silenced(d.Pos) {
		return
	}
	if len(d.Related) > 0 {
		var rel []analysis.RelatedInformation
		for _, x := range d.Related {
			if x.Pos.IsValid() {
				rel = append(rel, x)
			}
		}
		d.Related = rel
	}
	if d.Category == "" {
		d.Category = r.pass.Analyzer.Name
	}
	r.pass.Report(d)
}

// Reportf emits a diagnostic at pos unless it is silenced.
func (r *Reporter) Reportf(pos token.Pos, format string, args ...any) {
	r.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// ReportRelatedf emits a diagnostic at pos that involves other positions
// too (the other close, the loop, the select that returns): related lists
// them, so that tools can point at them and fingerprints need not depend on
// line numbers in the message. Entries with an invalid position are
// dropped.
func (r *Reporter) ReportRelatedf(pos token.Pos, related []analysis.RelatedInformation, format string, args ...any) {
	r.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Related: related})
}

// Related describes another position a diagnostic involves, e.g.
// Related(closePos, "ch is first closed here").
func Related(pos token.Pos, message string) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: pos, Message: message}
}

// ReportRangef emits a diagnostic spanning rng unless it is silenced.
func (r *Reporter) ReportRangef(rng analysis.Range, format string, args ...any) {
	r.Report(analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: fmt.Sprintf(format, args...)})
}

// Silenced reports whether a diagnostic at pos would be dropped, so that an
// analyzer can skip expensive work (such as building a fix) for it.
func (r *Reporter) Silenced(pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	if r.generated[tf] {
		return true
	}
	return r.ignored[tf][tf.Line(pos)]
}

// Generated reports whether pos lies in a generated file. Analyzers may use
// it to skip whole functions early.
func (r *Reporter) Generated(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	return tf != nil && r.generated[tf]
}

// Line returns the line number of pos, for messages that name "the close at
// line N". It returns 0 for an invalid position.
func (r *Reporter) Line(pos token.Pos) int {
	if !pos.IsValid() {
		return 0
	}
	return r.pass.Fset.Position(pos).Line
}
