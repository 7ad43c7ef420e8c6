package errwrap

import (
	"go/parser"
	"go/token"
	"sort"
	"testing"
)

// TestAddImport pins the import edits of the errors.Is fix on the shapes
// of import declarations the golden files do not cover.
func TestAddImport(t *testing.T) {
	tests := []struct{ src, want string }{
		{"package p\n\nimport \"fmt\"\n", "package p\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n"},
		{"package p\n\nimport \"bytes\"\n", "package p\n\nimport (\n\t\"bytes\"\n\t\"errors\"\n)\n"},
		{"package p\n\nimport f \"fmt\"\n", "package p\n\nimport (\n\t\"errors\"\n\tf \"fmt\"\n)\n"},
		{"package p\n\nimport \"io\" // reader\n", "package p\n\nimport (\n\t\"errors\"\n\t\"io\" // reader\n)\n"},
		{"package p\n\nimport (\n\t\"fmt\"\n)\n", "package p\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n"},
		{"package p\n", "package p\n\nimport \"errors\"\n"},
		{"package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport \"fmt\"\n", "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n"},
		// No clean edit: the comment would be lost or misplaced.
		{"package p\n\nimport /* why */ \"fmt\"\n", ""},
		{"package p\n\n// Doc.\nimport \"fmt\"\n", ""},
	}
	for _, tt := range tests {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", tt.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		edits := addImport(f, "errors")
		got := ""
		if edits != nil {
			base := fset.File(f.Pos()).Base()
			sort.Slice(edits, func(i, j int) bool { return edits[i].Pos > edits[j].Pos })
			got = tt.src
			for _, e := range edits {
				start, end := int(e.Pos)-base, int(e.End)-base
				got = got[:start] + string(e.NewText) + got[end:]
			}
		}
		if got != tt.want {
			t.Errorf("addImport on\n%s\ngot\n%s\nwant\n%s", tt.src, got, tt.want)
		}
	}
}
