package unbufsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/astindex"
)

// bufferFix rewrites make(chan T) (or make(chan T, 0)) at mk into
// make(chan T, size).
func bufferFix(idx *astindex.Index, mk *ssa.MakeChan, size string) (analysis.SuggestedFix, bool) {
	call := idx.Call(mk.Pos())
	if call == nil {
		return analysis.SuggestedFix{}, false
	}
	var edit analysis.TextEdit
	switch len(call.Args) {
	case 1:
		if call.Ellipsis.IsValid() {
			return analysis.SuggestedFix{}, false
		}
		edit = analysis.TextEdit{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", " + size)}
	case 2:
		// Only a literal size is replaced: a named constant may be shared.
		lit, ok := ast.Unparen(call.Args[1]).(*ast.BasicLit)
		if !ok || lit.Kind != token.INT {
			return analysis.SuggestedFix{}, false
		}
		edit = analysis.TextEdit{Pos: lit.Pos(), End: lit.End(), NewText: []byte(size)}
	default:
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Give the channel a buffer of " + size,
		TextEdits: []analysis.TextEdit{edit},
	}, true
}

// loopBound returns, as source text valid where the channel is made, how
// many times the loop around site runs: len(xs) for `range xs`, n for
// `range n` or `i < n`. It returns "" when that is unknown or not in
// scope at the make.
func (k *checker) loopBound(site ssa.Instruction) string {
	mk := k.c.Make
	if mk == nil {
		return ""
	}
	for _, n := range k.idx.Path(site.Pos()) {
		var x ast.Expr
		useLen := false
		switch loop := n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return ""
		case *ast.RangeStmt:
			x, useLen = loop.X, true
			if tv, ok := k.pass.TypesInfo.Types[loop.X]; ok {
				if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
					useLen = false
				}
			}
		case *ast.ForStmt:
			bin, ok := loop.Cond.(*ast.BinaryExpr)
			if !ok || bin.Op != token.LSS {
				continue
			}
			if init, ok := loop.Init.(*ast.AssignStmt); !ok || len(init.Rhs) != 1 || !isZero(init.Rhs[0]) {
				continue
			}
			x = bin.Y
		default:
			continue
		}
		if n.Pos() <= mk.Pos() && mk.Pos() < n.End() {
			return "" // the channel is made inside the loop
		}
		text, ok := k.inScopeAt(x, mk.Pos())
		if !ok {
			return ""
		}
		if useLen {
			if tv, ok := k.pass.TypesInfo.Types[x]; !ok || !lenable(tv.Type) {
				return ""
			}
			return "len(" + text + ")"
		}
		return text
	}
	return ""
}

func isZero(e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.BasicLit)
	return ok && lit.Value == "0"
}

func lenable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
		return true
	case *types.Pointer:
		_, ok := t.Underlying().(*types.Pointer).Elem().Underlying().(*types.Array)
		return ok
	}
	return false
}

// inScopeAt returns the text of x if x is a constant or an identifier of
// a variable declared before pos and visible at pos (and not reassigned in
// between, which we approximate by requiring a parameter or a variable
// declared before pos in an enclosing scope).
func (k *checker) inScopeAt(x ast.Expr, pos token.Pos) (string, bool) {
	x = ast.Unparen(x)
	if tv, ok := k.pass.TypesInfo.Types[x]; ok && tv.Value != nil {
		if lit, ok := x.(*ast.BasicLit); ok {
			return lit.Value, true
		}
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return "", false
	}
	obj := k.pass.TypesInfo.Uses[id]
	switch obj := obj.(type) {
	case *types.Const:
		return id.Name, true
	case *types.Var:
		if obj.Pos() >= pos || obj.Parent() == nil || !obj.Parent().Contains(pos) {
			return "", false
		}
		if inner := obj.Parent().Innermost(pos); inner != nil && inner.Lookup(id.Name) != obj {
			if _, found := inner.LookupParent(id.Name, pos); found != obj {
				return "", false
			}
		}
		return id.Name, true
	}
	return "", false
}
