// Package astindex answers "which syntax is at this SSA position?" for
// every leakvet analyzer, from one index per package built on the inspect
// analyzer's inspector.Cursor:
//
//   - Call: the call expression whose left parenthesis is at a position
//     (the position go/ssa gives a call); CallStart: where it begins.
//   - At: the innermost node at a position (an instruction's Pos).
//   - EnclosingLoop, EnclosingFunc, EnclosingStmt: the for or range
//     statement, the function (declaration or literal), the statement
//     around a position, never looking past the enclosing function.
//   - AssignedTo: the expression a call's result is assigned to, as in
//     `x := make(chan int)` or `var x = f()`.
//   - File: the file holding a position.
//
// Analyzers require Analyzer and use its Result; they never walk files
// themselves (no astutil.PathEnclosingInterval, no private Lparen maps).
package astindex

import (
	"go/ast"
	"go/token"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer is an internal analysis (Required by analyzers that map SSA
// positions to syntax, never run on its own) whose Result is the *Index
// of the package.
var Analyzer = &analysis.Analyzer{
	Name:       "astindex",
	Doc:        "internal: an index from positions to syntax, shared by leakvet's analyzers",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Index](),
}

func run(pass *analysis.Pass) (any, error) {
	return New(pass.Files, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)), nil
}

// An Index maps positions of a package's files to their syntax. It is
// safe for concurrent use; the call table is built on first use.
type Index struct {
	files []*ast.File
	in    *inspector.Inspector

	once  sync.Once
	calls map[token.Pos]inspector.Cursor // by Lparen
}

// New returns the index of files, whose inspector is in (nil: built here).
func New(files []*ast.File, in *inspector.Inspector) *Index {
	if in == nil {
		in = inspector.New(files)
	}
	return &Index{files: files, in: in}
}

// Inspector returns the inspector the index is built on.
func (x *Index) Inspector() *inspector.Inspector { return x.in }

func (x *Index) buildCalls() {
	x.once.Do(func() {
		x.calls = make(map[token.Pos]inspector.Cursor)
		for c := range x.in.Root().Preorder((*ast.CallExpr)(nil)) {
			x.calls[c.Node().(*ast.CallExpr).Lparen] = c
		}
	})
}

// CallCursor returns the cursor of the call expression whose left
// parenthesis is at lparen.
func (x *Index) CallCursor(lparen token.Pos) (inspector.Cursor, bool) {
	if !lparen.IsValid() {
		return inspector.Cursor{}, false
	}
	x.buildCalls()
	c, ok := x.calls[lparen]
	return c, ok
}

// Call returns the call expression whose left parenthesis is at lparen
// (the Pos of an ssa.Call, Go or Defer's CallCommon), or nil.
func (x *Index) Call(lparen token.Pos) *ast.CallExpr {
	if c, ok := x.CallCursor(lparen); ok {
		return c.Node().(*ast.CallExpr)
	}
	return nil
}

// CallStart maps the position go/ssa gives a call (its left parenthesis)
// to the start of the call expression, so that a diagnostic points at
// `close(ch)` rather than at the parenthesis. Other positions are returned
// unchanged.
func (x *Index) CallStart(pos token.Pos) token.Pos {
	if call := x.Call(pos); call != nil {
		return call.Pos()
	}
	return pos
}

// File returns the file that holds pos, or nil.
func (x *Index) File(pos token.Pos) *ast.File {
	if !pos.IsValid() {
		return nil
	}
	for _, f := range x.files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// At returns the cursor of the innermost node that contains the character
// at pos: for the position of an SSA instruction, the node it was built
// from or one that starts there (the defer statement at a Defer, the
// call at its left parenthesis, the send statement at its arrow).
func (x *Index) At(pos token.Pos) (inspector.Cursor, bool) {
	if !pos.IsValid() || x.File(pos) == nil {
		return inspector.Cursor{}, false
	}
	c, ok := x.in.Root().FindByPos(pos, pos+1)
	if !ok {
		// pos is the last character of its file.
		c, ok = x.in.Root().FindByPos(pos, pos)
	}
	return c, ok
}

// NodeAt returns the innermost node around pos that starts exactly at pos
// (the statement or expression an SSA instruction at pos stands for), or
// nil.
func (x *Index) NodeAt(pos token.Pos) ast.Node {
	c, ok := x.At(pos)
	if !ok {
		return nil
	}
	for e := range c.Enclosing() {
		if e.Node().Pos() == pos {
			return e.Node()
		}
	}
	return nil
}

// EnclosingLoop returns the innermost for or range statement around pos
// within the function that contains pos (an *ast.ForStmt or
// *ast.RangeStmt), or nil: a loop around a func literal does not enclose
// the literal's body.
func (x *Index) EnclosingLoop(pos token.Pos) ast.Stmt {
	c, ok := x.At(pos)
	if !ok {
		return nil
	}
	for e := range c.Enclosing() {
		switch n := e.Node().(type) {
		case *ast.ForStmt:
			return n
		case *ast.RangeStmt:
			return n
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// EnclosingFunc returns the innermost function around pos: an
// *ast.FuncLit or *ast.FuncDecl, or nil.
func (x *Index) EnclosingFunc(pos token.Pos) ast.Node {
	c, ok := x.At(pos)
	if !ok {
		return nil
	}
	for e := range c.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		return e.Node()
	}
	return nil
}

// EnclosingStmt returns the innermost statement around pos within its
// function, or nil.
func (x *Index) EnclosingStmt(pos token.Pos) ast.Stmt {
	c, ok := x.At(pos)
	if !ok {
		return nil
	}
	for e := range c.Enclosing() {
		switch n := e.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case ast.Stmt:
			return n
		}
	}
	return nil
}

// AssignedTo returns the expression that the result of the call whose
// left parenthesis is at lparen is assigned to, when the call (through
// parentheses) is one right-hand side of an assignment or a var
// declaration with as many left-hand sides: x in `x := make(chan int)`,
// s.done in `s.done = make(chan struct{})`, the identifier in
// `var x = f()`. It returns nil otherwise.
func (x *Index) AssignedTo(lparen token.Pos) ast.Expr {
	c, ok := x.CallCursor(lparen)
	if !ok {
		return nil
	}
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	k, i := c.ParentEdge()
	switch k {
	case edge.AssignStmt_Rhs:
		as := c.Parent().Node().(*ast.AssignStmt)
		if len(as.Lhs) == len(as.Rhs) {
			return as.Lhs[i]
		}
	case edge.ValueSpec_Values:
		vs := c.Parent().Node().(*ast.ValueSpec)
		if len(vs.Names) == len(vs.Values) {
			return vs.Names[i]
		}
	}
	return nil
}
