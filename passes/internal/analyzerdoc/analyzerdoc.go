// Package analyzerdoc turns an analyzer package's doc.go into the
// analyzer's Doc string, so the documentation users read on pkg.go.dev and
// the text `leakvet help NAME` prints are one and the same.
package analyzerdoc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// URL returns the documentation address of the analyzer package name.
func URL(name string) string {
	return "https://pkg.go.dev/github.com/leakvet/leakvet/passes/" + name
}

// MustExtract returns the section of the package comment in content (the
// text of a doc.go file) that documents analyzer name. The section starts
// with a heading "# Analyzer NAME", whose next paragraph is "NAME: summary",
// and runs to the next "# Analyzer" heading or the end of the comment. The result starts
// with the one-line summary, as analysis.Analyzer.Doc requires.
//
// It panics if the section is missing: that is a programming error caught
// by every test of the analyzer.
func MustExtract(content, name string) string {
	doc, err := extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

func extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("analyzerdoc: %w", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("analyzerdoc: doc.go has no package comment")
	}
	return section(f.Doc, name)
}

func section(doc *ast.CommentGroup, name string) (string, error) {
	text := doc.Text()
	heading := "# Analyzer " + name + "\n"
	_, rest, ok := strings.Cut(text, heading)
	if !ok {
		return "", fmt.Errorf("analyzerdoc: no %q heading in package comment", strings.TrimSpace(heading))
	}
	rest = strings.TrimLeft(rest, "\n")
	// The section runs to the next analyzer's section; sub-headings such as
	// "# Flags" belong to it.
	if end := strings.Index(rest, "\n# Analyzer "); end >= 0 {
		rest = rest[:end]
	}
	prefix := name + ": "
	if !strings.HasPrefix(rest, prefix) {
		return "", fmt.Errorf("analyzerdoc: section %q must start with %q", name, prefix)
	}
	return strings.TrimSpace(strings.TrimPrefix(rest, prefix)), nil
}
