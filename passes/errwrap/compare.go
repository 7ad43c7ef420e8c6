package errwrap

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// A switchFinding gathers the cases of one switch that miss wrapped errors,
// so that the switch is reported once.
type switchFinding struct {
	subject string   // the switched-on error, as written
	cases   []string // the sentinels or types that miss
	why     *summary
	types   bool // a type switch
}

func (f *switchFinding) merge(o *switchFinding) {
	for _, c := range o.cases {
		if !contains(f.cases, c) {
			f.cases = append(f.cases, c)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkComparison reports err == Sentinel (and !=) where err may hold the
// sentinel wrapped. A comparison made by an expression switch is returned
// as a finding of that switch instead.
func (c *checker) checkComparison(b *ssa.BinOp) (ast.Node, *switchFinding) {
	if !types.IsInterface(b.X.Type()) || !types.IsInterface(b.Y.Type()) {
		return nil, nil
	}
	errv, g := b.X, sentinelOf(b.Y)
	if g == nil {
		errv, g = b.Y, sentinelOf(b.X)
	}
	if g == nil || sentinelOf(errv) != nil || !c.isErrorType(g.Type().(*types.Pointer).Elem()) {
		return nil, nil
	}
	key := sentinelKey(g.Object())
	if key == "" {
		return nil, nil
	}
	budget := 2000
	s := c.valueSummary(errv, make(map[ssa.Value]bool), &budget)
	if !mayWrap(s, key) {
		// Whatever the origin: a sentinel the standard library documents
		// as returned wrapped (fs.ErrNotExist, os.ErrDeadlineExceeded).
		if !c.documentedWrapped(g.Object(), key, s, b.Parent()) {
			return nil, nil
		}
		s = documentedWrappedWhy(g.Object())
	}
	if unwrappedByHand(errv) {
		return nil, nil
	}
	if c.rep.Silenced(b.Pos()) {
		return nil, nil
	}
	sentName := g.Object().Name()
	if g.Object().Pkg() != c.pass.Pkg {
		sentName = g.Object().Pkg().Name() + "." + sentName
	}
	if sw := c.switchOfCase[b.Pos()]; sw != nil {
		return sw, &switchFinding{subject: render(c.pass.Fset, sw.Tag), cases: []string{sentName}, why: s}
	}
	be := c.binaryAt[b.Pos()]
	if be == nil {
		return nil, nil
	}
	errExpr, sentExpr := be.X, be.Y
	if c.refersTo(be.X, g.Object()) {
		errExpr, sentExpr = be.Y, be.X
	}
	fset := c.pass.Fset
	errText, sentText := render(fset, errExpr), render(fset, sentExpr)
	d := analysis.Diagnostic{
		Pos: be.Pos(),
		End: be.End(),
		Message: fmt.Sprintf("%s misses a wrapped %s: %s; use errors.Is(%s, %s)",
			render(fset, be), sentName, c.because(errText, s), errText, sentText),
	}
	if name, edits, ok := c.errorsPackage(be.Pos()); ok {
		not := ""
		if be.Op == token.NEQ {
			not = "!"
		}
		edits = append(edits, analysis.TextEdit{
			Pos:     be.Pos(),
			End:     be.End(),
			NewText: []byte(fmt.Sprintf("%s%s.Is(%s, %s)", not, name, errText, sentText)),
		})
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Use errors.Is", TextEdits: edits}}
	}
	c.rep.Report(d)
	return nil, nil
}

// mayWrap reports whether s says the error may hold key (a sentinel, or a
// concrete type) wrapped: key is known to be wrapped, or something unknown
// is wrapped and key is not returned as it is. When key is returned as it
// is, that is how the code delivers it, and an unknown wrapped error is no
// evidence that it also arrives wrapped. io.EOF is matched only when it is
// known to be wrapped: readers return it unwrapped by contract and callers
// rightly compare it with ==.
func mayWrap(s *summary, key string) bool {
	if s.wrapped.sents[key] {
		return true
	}
	return s.wrapped.any && !s.direct.any && !s.direct.sents[key] && key != "io.EOF"
}

// unwrappedByHand reports whether v may be an error the code took out of
// its wrapper itself (pe.Err, errors.Unwrap(err)), as in
//
//	if pe, ok := err.(*fs.PathError); ok {
//		err = pe.Err
//	}
//	if err == fs.ErrClosed {
//
// where the comparison is right.
func unwrappedByHand(v ssa.Value) bool {
	seen := make(map[ssa.Value]bool)
	var walk func(v ssa.Value, depth int) bool
	walk = func(v ssa.Value, depth int) bool {
		if depth > 8 || seen[v] {
			return false
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Phi:
			for _, e := range v.Edges {
				if walk(e, depth+1) {
					return true
				}
			}
		case *ssa.ChangeInterface:
			return walk(v.X, depth+1)
		case *ssa.Field:
			return true
		case *ssa.UnOp:
			_, isField := v.X.(*ssa.FieldAddr)
			return v.Op == token.MUL && isField
		case *ssa.Call:
			if ssax.IsCall(&v.Call, "errors", "Unwrap") {
				return true
			}
			// A helper of this package that unwraps (os's
			// underlyingError: the Err of a *PathError, or err).
			callee := v.Call.StaticCallee()
			if callee == nil || callee.Blocks == nil || callee.Pkg != v.Parent().Pkg {
				return false
			}
			for _, b := range callee.Blocks {
				if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 && walk(ret.Results[0], depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(v, 0)
}

// because explains where the wrapped error comes from.
func (c *checker) because(subject string, s *summary) string {
	if s.from != "" {
		return fmt.Sprintf("%s may come from %s, which returns errors %s", subject, s.from, s.site)
	}
	return fmt.Sprintf("%s may hold an error %s", subject, s.site)
}

// refersTo reports whether e names obj.
func (c *checker) refersTo(e ast.Expr, obj types.Object) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return c.pass.TypesInfo.Uses[e] == obj
	case *ast.SelectorExpr:
		return c.pass.TypesInfo.Uses[e.Sel] == obj
	}
	return false
}

// checkTypeAssert reports a type assertion on an error that may be a
// generic wrapper. A test made by a type switch is returned as a finding of
// that switch instead.
func (c *checker) checkTypeAssert(ta *ssa.TypeAssert) (ast.Node, *switchFinding) {
	if !c.isErrorInterface(ta.X.Type()) || lookThrough(ta.AssertedType) {
		return nil, nil
	}
	budget := 2000
	s := c.valueSummary(ta.X, make(map[ssa.Value]bool), &budget)
	if !s.hidden || !mayWrap(s, typeKey(ta.AssertedType)) {
		// Whatever the origin: an assertion to an interface (net.Error)
		// tests what the outermost error implements, and misses the
		// same error wrapped by fmt.Errorf with %w.
		if !c.interfaceAssert(ta, s) {
			return nil, nil
		}
		s = interfaceAssertWhy
	}
	if unwrappedByHand(ta.X) || c.rep.Silenced(ta.Pos()) {
		return nil, nil
	}
	typ := types.TypeString(ta.AssertedType, types.RelativeTo(c.pass.Pkg))
	if sw := c.tswitchOfCase[ta.Pos()]; sw != nil {
		subject := "the error"
		if x := typeSwitchOperand(sw); x != nil {
			subject = render(c.pass.Fset, x)
		}
		return sw, &switchFinding{subject: subject, cases: []string{typ}, why: s, types: true}
	}
	e := c.typeAssertAt(ta.Pos())
	if e == nil {
		return nil, nil
	}
	subject := render(c.pass.Fset, e.X)
	what := "a " + typ
	if types.IsInterface(ta.AssertedType) {
		what = "an error implementing " + typ
	}
	d := analysis.Diagnostic{
		Pos: e.Pos(),
		End: e.End(),
		Message: fmt.Sprintf("type assertion %s.(%s) misses %s wrapped inside %s: %s; use errors.As(%s, &target)",
			subject, typ, what, subject, c.because(subject, s), subject),
	}
	if types.IsInterface(ta.AssertedType) {
		if fix := c.asFix(e); fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	}
	c.rep.Report(d)
	return nil, nil
}

// asFix rewrites the usual shape of an assertion to an interface,
//
//	if ne, ok := err.(net.Error); ok && ne.Timeout() {
//
// into errors.As:
//
//	if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
//
// when ok is used nowhere but as the condition's first operand, and the
// asserted type is written as a name (T(nil) needs no parentheses).
func (c *checker) asFix(ta *ast.TypeAssertExpr) *analysis.SuggestedFix {
	path := c.idx.Path(ta.Pos())
	var as *ast.AssignStmt
	var ifs *ast.IfStmt
	for i, n := range path {
		if n == ta && i+2 < len(path) {
			as, _ = path[i+1].(*ast.AssignStmt)
			ifs, _ = path[i+2].(*ast.IfStmt)
			break
		}
	}
	if as == nil || ifs == nil || ifs.Init != as || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != ta {
		return nil
	}
	v, ok1 := as.Lhs[0].(*ast.Ident)
	okID, ok2 := as.Lhs[1].(*ast.Ident)
	if !ok1 || !ok2 || v.Name == "_" || okID.Name == "_" {
		return nil
	}
	switch ta.Type.(type) {
	case *ast.Ident, *ast.SelectorExpr:
	default:
		return nil
	}
	// The condition is ok, or ok && ...; ok is used nowhere else.
	first := ifs.Cond
	for {
		be, isBin := ast.Unparen(first).(*ast.BinaryExpr)
		if !isBin || be.Op != token.LAND {
			break
		}
		first = be.X
	}
	if id, isID := first.(*ast.Ident); !isID || c.pass.TypesInfo.Uses[id] != c.pass.TypesInfo.Defs[okID] {
		return nil
	}
	okObj := c.pass.TypesInfo.Defs[okID]
	uses := 0
	ast.Inspect(ifs, func(n ast.Node) bool {
		if id, isID := n.(*ast.Ident); isID && c.pass.TypesInfo.Uses[id] == okObj {
			uses++
		}
		return true
	})
	if okObj == nil || uses != 1 {
		return nil
	}
	name, edits, ok := c.errorsPackage(ta.Pos())
	if !ok {
		return nil
	}
	fset := c.pass.Fset
	edits = append(edits,
		analysis.TextEdit{Pos: as.Pos(), End: as.End(), NewText: []byte(fmt.Sprintf("%s := %s(nil)", v.Name, render(fset, ta.Type)))},
		analysis.TextEdit{Pos: first.Pos(), End: first.End(), NewText: []byte(fmt.Sprintf("%s.As(%s, &%s)", name, render(fset, ta.X), v.Name))},
	)
	return &analysis.SuggestedFix{Message: "Use errors.As", TextEdits: edits}
}

// selfMade reports whether s says the error is one the code made itself
// and never wrapped: every origin is known and nothing is wrapped.
func selfMade(s *summary) bool {
	return !s.direct.any && !s.hidden && s.wrapped.empty()
}

// documentedWrapped reports whether a comparison with the sentinel obj
// (key) in fn misses it wrapped whatever the error's origin: the standard
// library documents the sentinel as returned wrapped, the error is not one
// the code made itself, and the comparison is not in the package that
// declares the sentinel (which creates it bare before wrapping it) nor in
// code that walks the chain itself.
func (c *checker) documentedWrapped(obj types.Object, key string, s *summary, fn *ssa.Function) bool {
	if !stdDocWrapped(key) || selfMade(s) || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return false
	}
	if pkg, _, _ := splitKey(key); pkg == c.pass.Pkg.Path() {
		return false
	}
	if c.alsoMatched(fn).is[key] {
		// A fast path before errors.Is(err, key) in the same function.
		return false
	}
	return !c.walksChain(fn) && !testHelper(fn)
}

// A funcMatches lists what a function matches with errors.Is and
// errors.As.
type funcMatches struct {
	is map[string]bool // sentinel keys
	as []types.Type    // target element types
}

// alsoMatched returns what fn (or the function it is nested in) matches
// with errors.Is and errors.As, memoised: a comparison or assertion
// followed by errors.Is or errors.As for the same sentinel or type is a
// fast path for the error as it is (grpc's status.FromError), not a miss.
func (c *checker) alsoMatched(fn *ssa.Function) *funcMatches {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if m, ok := c.matches[fn]; ok {
		return m
	}
	m := &funcMatches{is: make(map[string]bool)}
	var visit func(f *ssa.Function, depth int)
	visit = func(f *ssa.Function, depth int) {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || len(call.Call.Args) != 2 {
					continue
				}
				switch {
				case ssax.IsCall(&call.Call, "errors", "Is"):
					if g := sentinelOf(call.Call.Args[1]); g != nil {
						m.is[sentinelKey(g.Object())] = true
					}
				case ssax.IsCall(&call.Call, "errors", "As"):
					target := call.Call.Args[1]
					if mi, ok := target.(*ssa.MakeInterface); ok {
						target = mi.X
					}
					if p, ok := target.Type().Underlying().(*types.Pointer); ok {
						m.as = append(m.as, p.Elem())
					}
				}
			}
		}
		if depth < 4 {
			for _, anon := range f.AnonFuncs {
				visit(anon, depth+1)
			}
		}
	}
	visit(fn, 0)
	if c.matches == nil {
		c.matches = make(map[*ssa.Function]*funcMatches)
	}
	c.matches[fn] = m
	return m
}

// testHelper reports whether fn (or the function it is nested in) takes a
// *testing.T, B or F or a testing.TB: like a test, it pins the exact
// errors it checks on purpose.
func testHelper(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	for _, p := range fn.Params {
		t := p.Type()
		if typesx.IsPointerTo(t, "testing", "T", "B", "F") || typesx.IsNamed(t, "testing", "TB") {
			return true
		}
	}
	return false
}

// documentedWrappedWhy explains a comparison reported by documentedWrapped.
func documentedWrappedWhy(obj types.Object) *summary {
	return &summary{site: "that wraps " + obj.Pkg().Name() + "." + obj.Name() + ": the standard library documents it is returned wrapped"}
}

// interfaceAssert reports whether ta, a type assertion of an error to an
// interface type other than error itself and the chain's own interfaces
// (interface{ Unwrap() error }), misses the error wrapped whatever its
// origin: the error is not one the code made itself, and the function
// does not walk the chain itself.
func (c *checker) interfaceAssert(ta *ssa.TypeAssert, s *summary) bool {
	if !types.IsInterface(ta.AssertedType) || c.isErrorInterface(ta.AssertedType) && types.Identical(ta.AssertedType.Underlying(), c.errorType) {
		return false
	}
	if selfMade(s) {
		return false
	}
	if n, ok := types.Unalias(ta.AssertedType).(*types.Named); ok && n.Obj().Pkg() == c.pass.Pkg && n.Obj().Exported() {
		// The package that declares the error interface (package net
		// and net.Error) knows how its own code returns errors.
		return false
	}
	if c.ownErrorImplements(ta.AssertedType) {
		// An error kind of the package's own, which it returns as it
		// is, as it would a sentinel of its own.
		return false
	}
	for _, t := range c.alsoMatched(ta.Parent()).as {
		if types.Identical(t, ta.AssertedType) {
			return false // a fast path before errors.As
		}
	}
	return !c.walksChain(ta.Parent()) && !testHelper(ta.Parent())
}

// ownErrorImplements reports whether iface is an error kind of this
// package's own: an error type declared in the package implements it, and
// none of the packages it imports declares one that does (net.Error and
// interface{ Temporary() bool } are implemented by *net.OpError, so they
// are no error kind of a package that imports net).
func (c *checker) ownErrorImplements(iface types.Type) bool {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	if !c.declaresErrorImplementing(c.pass.Pkg, it) {
		return false
	}
	for _, imp := range c.pass.Pkg.Imports() {
		if c.declaresErrorImplementing(imp, it) {
			return false
		}
	}
	return true
}

// declaresErrorImplementing reports whether pkg declares an error type
// (T or *T implements error) that implements it.
func (c *checker) declaresErrorImplementing(pkg *types.Package, it *types.Interface) bool {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			if c.isErrorType(t) && types.Implements(t, it) {
				return true
			}
		}
	}
	return false
}

var interfaceAssertWhy = &summary{site: "wrapped on its way here (fmt.Errorf with %w), which an assertion does not look through"}

// walksChain reports whether fn (or the function it is nested in) unwraps
// errors itself, as an errors.Is or errors.As implementation does: it
// calls errors.Unwrap or an Unwrap method. Its comparisons and assertions
// look at one level of the chain by design.
func (c *checker) walksChain(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if v, ok := c.walks[fn]; ok {
		return v
	}
	walks := false
	var visit func(f *ssa.Function, depth int)
	visit = func(f *ssa.Function, depth int) {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				cc := call.Common()
				switch {
				case cc.IsInvoke() && cc.Method.Name() == "Unwrap":
					walks = true
				case ssax.IsCall(cc, "errors", "Unwrap"):
					walks = true
				case !cc.IsInvoke():
					if callee := cc.StaticCallee(); callee != nil && callee.Name() == "Unwrap" && callee.Signature.Recv() != nil {
						walks = true
					}
				}
			}
		}
		if depth < 4 {
			for _, anon := range f.AnonFuncs {
				visit(anon, depth+1)
			}
		}
	}
	visit(fn, 0)
	if c.walks == nil {
		c.walks = make(map[*ssa.Function]bool)
	}
	c.walks[fn] = walks
	return walks
}

// lookThrough reports whether a type assertion to t is about the chain
// itself (interface{ Unwrap() error }, interface{ Is(error) bool }) and so
// does not miss wrapped errors.
func lookThrough(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for m := range it.Methods() {
		switch m.Name() {
		case "Error", "Unwrap", "Is", "As":
		default:
			return false
		}
	}
	return true
}

func typeSwitchOperand(sw *ast.TypeSwitchStmt) ast.Expr {
	var e ast.Expr
	switch a := sw.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			e = a.Rhs[0]
		}
	case *ast.ExprStmt:
		e = a.X
	}
	if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok {
		return ta.X
	}
	return nil
}

// typeAssertAt finds the type assertion whose left parenthesis is at pos.
func (c *checker) typeAssertAt(pos token.Pos) *ast.TypeAssertExpr {
	for _, n := range c.idx.Path(pos) {
		if ta, ok := n.(*ast.TypeAssertExpr); ok && ta.Lparen == pos {
			return ta
		}
	}
	return nil
}

// reportSwitch reports a switch whose cases miss wrapped errors.
func (c *checker) reportSwitch(sw ast.Node, f *switchFinding) {
	if f.types {
		c.rep.Reportf(sw.Pos(), "type switch on %s misses errors wrapped inside it (case %s): %s; use errors.As for each type",
			f.subject, strings.Join(f.cases, ", "), c.because(f.subject, f.why))
		return
	}
	c.rep.Reportf(sw.Pos(), "switch on %s compares it with == and misses a wrapped %s: %s; use a switch with errors.Is(%s, ...) cases",
		f.subject, strings.Join(f.cases, " or "), c.because(f.subject, f.why), f.subject)
}

// errorsPackage returns the name under which the file at pos can call
// package errors, with the edits that import it if needed. ok is false
// when the name errors means something else there.
func (c *checker) errorsPackage(pos token.Pos) (name string, edits []analysis.TextEdit, ok bool) {
	f := c.fileOf(pos)
	if f == nil {
		return "", nil, false
	}
	scope := c.pass.TypesInfo.Scopes[f]
	if inner := c.pass.Pkg.Scope().Innermost(pos); inner != nil {
		scope = inner
	}
	if scope == nil {
		return "", nil, false
	}
	for _, imp := range f.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == "errors" {
			name = "errors"
			if imp.Name != nil {
				name = imp.Name.Name
			}
			if name == "_" || name == "." {
				return "", nil, false
			}
			_, obj := scope.LookupParent(name, pos)
			if pn, ok := obj.(*types.PkgName); ok && pn.Imported().Path() == "errors" {
				return name, nil, true
			}
			return "", nil, false
		}
	}
	if _, obj := scope.LookupParent("errors", pos); obj != nil {
		return "", nil, false
	}
	edits = addImport(f, "errors")
	return "errors", edits, edits != nil
}

// addImport returns the edits that add an import of path to f, or nil
// when that cannot be done cleanly. A single unparenthesised import
// becomes a group of two: adding a second import line would leave the
// file unlike what goimports writes.
func addImport(f *ast.File, path string) []analysis.TextEdit {
	line := strconv.Quote(path)
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if len(gd.Specs) == 1 && gd.Specs[0].(*ast.ImportSpec).Path.Value == `"C"` {
			continue // import "C" stays on its own, after its cgo preamble
		}
		if gd.Lparen.IsValid() {
			return []analysis.TextEdit{{Pos: gd.Lparen + 1, End: gd.Lparen + 1, NewText: []byte("\n\t" + line)}}
		}
		if len(gd.Specs) != 1 || gd.Doc != nil {
			return nil
		}
		spec := gd.Specs[0].(*ast.ImportSpec)
		if spec.Doc != nil || hasCommentIn(f, gd.TokPos, spec.Pos()) {
			return nil
		}
		end := spec.End()
		if spec.Comment != nil {
			end = spec.Comment.End()
		}
		// import "fmt"  ->  import (\n\t"errors"\n\t"fmt"\n)
		opening, closing := " (\n\t", "\n)"
		if other, _ := strconv.Unquote(spec.Path.Value); path < other {
			opening += line + "\n\t"
		} else {
			closing = "\n\t" + line + closing
		}
		return []analysis.TextEdit{
			{Pos: gd.TokPos + token.Pos(len("import")), End: spec.Pos(), NewText: []byte(opening)},
			{Pos: end, End: end, NewText: []byte(closing)},
		}
	}
	return []analysis.TextEdit{{Pos: f.Name.End(), End: f.Name.End(), NewText: []byte("\n\nimport " + line)}}
}

// hasCommentIn reports whether a comment of f lies between from and to.
func hasCommentIn(f *ast.File, from, to token.Pos) bool {
	for _, cg := range f.Comments {
		if cg.Pos() < to && cg.End() > from {
			return true
		}
	}
	return false
}

// sentinelFact is exported for package-level error variables created from
// a constant text, so that packages importing them can recognise the text.
type sentinelFact struct{ Msg string }

func (*sentinelFact) AFact() {}

func (f *sentinelFact) String() string { return "sentinel(" + strconv.Quote(f.Msg) + ")" }

// exportSentinelFacts records the text of each package-level error
// variable initialised by errors.New or fmt.Errorf with a constant text.
func (c *checker) exportSentinelFacts() {
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, name := range vs.Names {
					obj, ok := c.pass.TypesInfo.Defs[name].(*types.Var)
					if !ok || !c.isErrorType(obj.Type()) {
						continue
					}
					msg, ok := c.newErrorText(vs.Values[i])
					if !ok || len(msg) < 3 {
						continue
					}
					c.messages = append(c.messages, sentinelMessage{msg: msg, pkg: c.pass.Pkg.Path(), name: obj.Name(), key: sentinelKey(obj)})
					if obj.Exported() {
						c.pass.ExportObjectFact(obj, &sentinelFact{Msg: msg})
					}
				}
			}
		}
	}
}

// newErrorText returns the text of errors.New("text") or fmt.Errorf("text").
func (c *checker) newErrorText(e ast.Expr) (string, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return "", false
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return "", false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "errors.New":
	case "fmt.Errorf":
	default:
		return "", false
	}
	msg, ok := c.constString(call.Args[0])
	if !ok || (fn.Name() == "Errorf" && strings.Contains(msg, "%")) {
		return "", false
	}
	return msg, true
}

// collectSentinelMessages adds to c.messages (which holds this package's
// own sentinels) those of the packages it imports: from facts, and from
// the built-in table for the standard library.
func (c *checker) collectSentinelMessages() {
	imported := make(map[string]bool)
	for _, imp := range c.pass.Pkg.Imports() {
		imported[imp.Path()] = true
	}
	for _, m := range stdMessages {
		if imported[m.pkg] && m.key != "" {
			c.messages = append(c.messages, m)
		}
	}
	var fromFacts []sentinelMessage
	for _, of := range c.pass.AllObjectFacts() {
		f, ok := of.Fact.(*sentinelFact)
		if !ok || of.Object.Pkg() == nil || !imported[of.Object.Pkg().Path()] {
			continue
		}
		obj := of.Object
		fromFacts = append(fromFacts, sentinelMessage{msg: f.Msg, pkg: obj.Pkg().Path(), name: obj.Pkg().Name() + "." + obj.Name(), key: sentinelKey(obj)})
	}
	sort.Slice(fromFacts, func(i, j int) bool { return fromFacts[i].key < fromFacts[j].key })
	c.messages = append(c.messages, fromFacts...)
}

// sentinelWithText returns the first visible sentinel whose message is msg.
func (c *checker) sentinelWithText(msg string) *sentinelMessage {
	for i := range c.messages {
		if c.messages[i].msg == msg {
			return &c.messages[i]
		}
	}
	return nil
}

// checkTextMatching reports errors matched by the text of a sentinel:
// err.Error() == "text", strings.Contains(err.Error(), "text"), and
// switch err.Error() { case "text": }.
func (c *checker) checkTextMatching() {
	if len(c.messages) == 0 {
		return
	}
	filter := []ast.Node{(*ast.BinaryExpr)(nil), (*ast.CallExpr)(nil), (*ast.SwitchStmt)(nil)}
	c.insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || !c.wrappingVersion(n.Pos()) || c.rep.InTestFile(n.Pos()) || inErrorMethod(stack) {
			return true
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op != token.EQL && n.Op != token.NEQ {
				return true
			}
			c.checkTextPair(n, n.X, n.Y, "==")
		case *ast.CallExpr:
			fn := typeutil.StaticCallee(c.pass.TypesInfo, n)
			if !typesx.InPackage(fn, "strings") || len(n.Args) != 2 {
				return true
			}
			switch fn.Name() {
			case "Contains", "HasPrefix", "HasSuffix", "EqualFold", "Index":
				c.checkTextPair(n, n.Args[0], n.Args[1], "strings."+fn.Name())
			}
		case *ast.SwitchStmt:
			if n.Tag == nil {
				return true
			}
			for _, cl := range n.Body.List {
				for _, e := range cl.(*ast.CaseClause).List {
					c.checkTextPair(e, n.Tag, e, "switch")
				}
			}
		}
		return true
	})
}

// checkTextPair reports node if one of x, y is X.Error() of an error and
// the other the constant text of a sentinel the package can see.
func (c *checker) checkTextPair(node ast.Node, x, y ast.Expr, how string) {
	errExpr := c.errorCall(x)
	lit := y
	if errExpr == nil {
		errExpr, lit = c.errorCall(y), x
	}
	if errExpr == nil {
		return
	}
	text, ok := c.constString(lit)
	if !ok {
		return
	}
	m := c.sentinelWithText(text)
	if m == nil {
		return
	}
	subject := render(c.pass.Fset, errExpr)
	why := "breaks silently when the error is wrapped or its text changes"
	if how != "==" && how != "switch" && how != "strings.EqualFold" {
		why = "breaks silently when the text changes, and matches any error that merely contains it"
	}
	c.rep.Reportf(node.Pos(), "%s is matched by its text %s, the message of %s: the match %s; use errors.Is(%s, %s)",
		subject, strconv.Quote(text), m.name, why, subject, m.name)
}
