package doubleclose

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// syntax answers questions about the source behind SSA positions, for
// messages only. It walks a file only when a message needs it.
type syntax struct {
	pass  *analysis.Pass
	calls map[token.Pos]*ast.CallExpr // by Lparen; built on first use
	names map[token.Pos]string        // make(...) Lparen -> variable assigned
}

func newSyntax(pass *analysis.Pass) *syntax { return &syntax{pass: pass} }

func (s *syntax) index() {
	if s.calls != nil {
		return
	}
	s.calls = make(map[token.Pos]*ast.CallExpr)
	s.names = make(map[token.Pos]string)
	for _, f := range s.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				s.calls[n.Lparen] = n
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, r := range n.Rhs {
						if call, ok := ast.Unparen(r).(*ast.CallExpr); ok {
							s.names[call.Lparen] = types.ExprString(n.Lhs[i])
						}
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, r := range n.Values {
						if call, ok := ast.Unparen(r).(*ast.CallExpr); ok {
							s.names[call.Lparen] = n.Names[i].Name
						}
					}
				}
			}
			return true
		})
	}
}

// callStart maps the position go/ssa gives a call (its left parenthesis)
// to the start of the call expression, so that diagnostics point at
// `close(...)` rather than at the parenthesis. Other positions (go and
// defer statements, sends) are returned unchanged.
func (s *syntax) callStart(pos token.Pos) token.Pos {
	s.index()
	if call := s.calls[pos]; call != nil {
		return call.Pos()
	}
	return pos
}

// exprAt renders the close argument v as written, e.g. "s.done".
func (s *syntax) exprAt(v ssa.Value) string {
	s.index()
	for _, r := range refs(v) {
		call, ok := r.(ssa.CallInstruction)
		if !ok || !isCloseCall(r) {
			continue
		}
		if ce := s.calls[call.Common().Pos()]; ce != nil && len(ce.Args) == 1 {
			return types.ExprString(ce.Args[0])
		}
	}
	return "the channel"
}

func refs(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}

// chanName names a chanflow channel: its parameter or variable, else the
// variable its make is assigned to.
func (c *checker) chanName(ch *chanflow.Chan) string {
	if n := ch.Name(); n != "channel" {
		return n
	}
	if ch.Make != nil {
		c.src.index()
		if n := c.src.names[ch.Make.Pos()]; n != "" {
			return n
		}
	}
	return "the channel"
}

// loopAt describes the loop around instr in fn for messages: "in the loop
// at line N", using the for or range statement when there is one.
func (c *checker) loopAt(fn *ssa.Function, instr ssa.Instruction) string {
	for _, f := range c.pass.Files {
		if f.FileStart <= instr.Pos() && instr.Pos() < f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, instr.Pos(), instr.Pos())
			for _, n := range path {
				switch n := n.(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					return "in the loop at line " + strconv.Itoa(c.rep.Line(n.Pos()))
				case *ast.FuncLit, *ast.FuncDecl:
					return "in a loop"
				}
			}
		}
	}
	return "in a loop"
}

// locName names a field location for messages, e.g. s.done; a root that
// is the result of a call is named after the variable it is assigned to.
func (c *checker) locName(loc chanflow.Location) string {
	name := loc.Name()
	if rest, ok := strings.CutPrefix(name, "value."); ok && loc.Root != nil {
		c.src.index()
		if v := c.src.names[loc.Root.Pos()]; v != "" {
			return v + "." + rest
		}
	}
	return name
}
