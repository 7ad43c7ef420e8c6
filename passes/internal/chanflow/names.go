package chanflow

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// MakeVarName returns the variable that the make call at lparen (the
// position of a *ssa.MakeChan: the call's left parenthesis) is assigned to
// or declared with, found in files, or "". SSA built without debug
// information keeps no names for values, so messages take it from syntax.
func MakeVarName(files []*ast.File, lparen token.Pos) string {
	if !lparen.IsValid() {
		return ""
	}
	for _, f := range files {
		if f.FileStart > lparen || lparen > f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, lparen, lparen)
		for i, n := range path {
			call, ok := n.(*ast.CallExpr)
			if !ok || call.Lparen != lparen || i+1 >= len(path) {
				continue
			}
			switch parent := path[i+1].(type) {
			case *ast.AssignStmt:
				for j, rhs := range parent.Rhs {
					if ast.Unparen(rhs) == call && j < len(parent.Lhs) && len(parent.Lhs) == len(parent.Rhs) {
						if id, ok := parent.Lhs[j].(*ast.Ident); ok {
							return id.Name
						}
					}
				}
			case *ast.ValueSpec:
				for j, v := range parent.Values {
					if ast.Unparen(v) == call && j < len(parent.Names) {
						return parent.Names[j].Name
					}
				}
			}
			return ""
		}
		return ""
	}
	return ""
}
