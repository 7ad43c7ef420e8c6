package errwrap

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/report"
)

//go:embed doc.go
var doc string

// Analyzer reports errors that lose their chain.
var Analyzer = &analysis.Analyzer{
	Name:      "errwrap",
	Doc:       analyzerdoc.MustExtract(doc, "errwrap"),
	URL:       analyzerdoc.URL("errwrap"),
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer, astindex.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(wrapsFact), new(sentinelFact)},
}

var (
	barereturn bool
	allverbs   bool
)

func init() {
	Analyzer.Flags.BoolVar(&barereturn, "barereturn", false,
		"also report a bare return err of an error that came straight from another package's call without added context")
	Analyzer.Flags.BoolVar(&allverbs, "allverbs", false,
		"report every error operand fmt.Errorf formats without %w and every error flattened into text (errors.New(err.Error()) and the like), not only those that may carry a sentinel or error type callers match")
}

// checker holds the state of one pass.
type checker struct {
	pass *analysis.Pass
	rep  *report.Reporter
	ssa  *buildssa.SSA
	insp *inspector.Inspector
	idx  *astindex.Index

	errorType *types.Interface

	summaries  map[*ssa.Function]*summary     // memoised origins of returned errors
	stdSums    map[*types.Func]*summary       // memoised summaries of standard library functions
	walks      map[*ssa.Function]bool         // memoised walksChain
	matches    map[*ssa.Function]*funcMatches // memoised alsoMatched
	inProgress map[*ssa.Function]bool

	// Syntax looked up from SSA positions.
	binaryAt      map[token.Pos]*ast.BinaryExpr     // == and != by operator position
	switchOfCase  map[token.Pos]*ast.SwitchStmt     // expression switch by case expression position
	tswitchOfCase map[token.Pos]*ast.TypeSwitchStmt // type switch by case keyword position
	returnAt      map[token.Pos]*ast.ReturnStmt

	messages []sentinelMessage // sentinels visible to the package, by message

	callsAt map[token.Pos]*ssa.Call // fmt.Errorf, fmt.Sprint* and Error calls by left parenthesis, built on first use
	matched map[string]bool         // sentinels and types the package matches, built on first use
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:       pass,
		rep:        report.New(pass),
		ssa:        pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA),
		insp:       pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		idx:        pass.ResultOf[astindex.Analyzer].(*astindex.Index),
		errorType:  types.Universe.Lookup("error").Type().Underlying().(*types.Interface),
		summaries:  make(map[*ssa.Function]*summary),
		inProgress: make(map[*ssa.Function]bool),
	}
	c.exportSentinelFacts()
	c.exportWrapsFacts()

	c.checkFormatting() // fmt.Errorf verbs and flattened errors, on syntax
	c.indexSyntax()
	c.collectSentinelMessages()
	c.checkTextMatching()
	for _, fn := range c.ssa.SrcFuncs {
		c.checkFunction(fn)
	}
	return nil, nil
}

// checkFunction reports comparisons, type assertions and text matches in fn
// that miss a wrapped error, and (with -barereturn) bare returns.
func (c *checker) checkFunction(fn *ssa.Function) {
	if fn.Blocks == nil || c.rep.Generated(fn.Pos()) || c.rep.InTestFile(fn.Pos()) || isErrorMethod(fn) {
		return
	}
	if !c.wrappingVersion(fn.Pos()) {
		return
	}
	switches := make(map[ast.Node]*switchFinding)
	var order []ast.Node
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.BinOp:
				if instr.Op != token.EQL && instr.Op != token.NEQ {
					continue
				}
				if sw, f := c.checkComparison(instr); f != nil {
					if switches[sw] == nil {
						order = append(order, sw)
						switches[sw] = f
					} else {
						switches[sw].merge(f)
					}
				}
			case *ssa.TypeAssert:
				if sw, f := c.checkTypeAssert(instr); f != nil {
					if switches[sw] == nil {
						order = append(order, sw)
						switches[sw] = f
					} else {
						switches[sw].merge(f)
					}
				}
			case *ssa.Return:
				if barereturn {
					c.checkBareReturn(fn, instr)
				}
			}
		}
	}
	for _, sw := range order {
		c.reportSwitch(sw, switches[sw])
	}
}

// indexSyntax records the syntax that SSA positions point into.
func (c *checker) indexSyntax() {
	c.binaryAt = make(map[token.Pos]*ast.BinaryExpr)
	c.switchOfCase = make(map[token.Pos]*ast.SwitchStmt)
	c.tswitchOfCase = make(map[token.Pos]*ast.TypeSwitchStmt)
	c.returnAt = make(map[token.Pos]*ast.ReturnStmt)
	filter := []ast.Node{(*ast.BinaryExpr)(nil), (*ast.SwitchStmt)(nil), (*ast.TypeSwitchStmt)(nil), (*ast.ReturnStmt)(nil)}
	c.insp.Preorder(filter, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				c.binaryAt[n.OpPos] = n
			}
		case *ast.SwitchStmt:
			if n.Tag == nil {
				return
			}
			for _, cl := range n.Body.List {
				for _, e := range cl.(*ast.CaseClause).List {
					c.switchOfCase[e.Pos()] = n
				}
			}
		case *ast.TypeSwitchStmt:
			for _, cl := range n.Body.List {
				c.tswitchOfCase[cl.(*ast.CaseClause).Case] = n
			}
		case *ast.ReturnStmt:
			c.returnAt[n.Return] = n
		}
	})
}

// wrappingVersion reports whether the file at pos is at least Go 1.13,
// where %w, errors.Is and errors.As exist.
func (c *checker) wrappingVersion(pos token.Pos) bool {
	return c.atLeast(pos, "go1.13")
}

func (c *checker) atLeast(pos token.Pos, v string) bool {
	f := c.fileOf(pos)
	if f == nil {
		return true
	}
	fv := c.pass.TypesInfo.FileVersions[f]
	if fv == "" || !version.IsValid(fv) {
		return true
	}
	return version.Compare(fv, v) >= 0
}

func (c *checker) fileOf(pos token.Pos) *ast.File { return c.idx.File(pos) }

// isErrorType reports whether t implements error.
func (c *checker) isErrorType(t types.Type) bool {
	if t == nil {
		return false
	}
	return types.Implements(t, c.errorType)
}

// isErrorInterface reports whether t is an interface type that implements
// error (error itself, or an interface embedding it).
func (c *checker) isErrorInterface(t types.Type) bool {
	if t == nil || !types.IsInterface(t) {
		return false
	}
	if _, ok := t.(*types.TypeParam); ok {
		return false
	}
	return types.Implements(t, c.errorType)
}

// isErrorMethod reports whether fn is (or is nested in) a method whose job
// is to look at one level of an error chain: Error, Unwrap, Is, As, Format.
func isErrorMethod(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if fn.Signature.Recv() == nil {
		return false
	}
	switch fn.Name() {
	case "Error", "Unwrap", "Is", "As", "Format", "Timeout", "Temporary":
		return true
	}
	return false
}

// enclosingFuncDecl reports whether the syntax at pos lies in a method that
// isErrorMethod would skip.
func inErrorMethod(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if fd, ok := stack[i].(*ast.FuncDecl); ok {
			if fd.Recv == nil {
				return false
			}
			switch fd.Name.Name {
			case "Error", "Unwrap", "Is", "As", "Format", "Timeout", "Temporary":
				return true
			}
			return false
		}
	}
	return false
}
