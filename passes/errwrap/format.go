package errwrap

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/format"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// A directive is one %-verb of a format string.
type directive struct {
	start, end int    // byte offsets of "%...v" in the format value
	flags      string // "+", "#", ...
	verb       rune
	arg        int  // index of the operand among the arguments after the format; -1 if none
	plain      bool // no width, precision or explicit argument index
}

// parseFormat splits a format string into its directives. ok is false when
// the string uses explicit argument indexes, which errwrap does not follow.
func parseFormat(s string) (ds []directive, ok bool) {
	argNum := 0
	for i := 0; i < len(s); {
		if s[i] != '%' {
			i++
			continue
		}
		d := directive{start: i, plain: true, arg: -1}
		i++
		for i < len(s) && strings.IndexByte("+-# 0", s[i]) >= 0 {
			d.flags += s[i : i+1]
			i++
		}
		if i < len(s) && s[i] == '[' {
			return nil, false
		}
		// Width.
		if i < len(s) && s[i] == '*' {
			argNum++
			d.plain = false
			i++
		}
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			d.plain = false
			i++
		}
		// Precision.
		if i < len(s) && s[i] == '.' {
			d.plain = false
			i++
			if i < len(s) && s[i] == '[' {
				return nil, false
			}
			if i < len(s) && s[i] == '*' {
				argNum++
				i++
			}
			for i < len(s) && '0' <= s[i] && s[i] <= '9' {
				i++
			}
		}
		if i < len(s) && s[i] == '[' {
			return nil, false
		}
		if i >= len(s) {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		d.verb = r
		d.end = i
		if r != '%' {
			d.arg = argNum
			argNum++
		}
		ds = append(ds, d)
	}
	return ds, true
}

// checkFormatting reports fmt.Errorf calls that format an error without %w
// and errors flattened into strings and rebuilt.
func (c *checker) checkFormatting() {
	filter := []ast.Node{(*ast.CallExpr)(nil)}
	c.insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		if c.rep.Silenced(call.Pos()) || !c.wrappingVersion(call.Pos()) || isTestFile(c.pass, call.Pos()) {
			return true
		}
		fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
		if fn == nil || fn.Pkg() == nil {
			return true
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "fmt.Errorf":
			if inErrorMethod(stack) || printedOnly(c.pass.TypesInfo, stack) {
				return true
			}
			c.checkErrorf(call)
		case "errors.New":
			if len(call.Args) != 1 || inErrorMethod(stack) || printedOnly(c.pass.TypesInfo, stack) {
				return true
			}
			c.checkErrorsNew(call)
		}
		return true
	})
}

// printedOnly reports whether the call at the top of stack builds an error
// only to print it: its chain cannot matter.
func printedOnly(info *types.Info, stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	call := stack[len(stack)-1]
	switch parent := stack[len(stack)-2].(type) {
	case *ast.SelectorExpr:
		// fmt.Errorf(...).Error()
		return parent.X == call && parent.Sel.Name == "Error"
	case *ast.CallExpr:
		if parent.Fun == call {
			return false
		}
		return isPrintCall(info, parent)
	}
	return false
}

// isPrintCall reports whether call prints or panics with its arguments.
func isPrintCall(info *types.Info, call *ast.CallExpr) bool {
	switch obj := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return obj.Name() == "panic" || obj.Name() == "print" || obj.Name() == "println"
	case *types.Func:
		if obj.Pkg() == nil {
			return false
		}
		name := obj.Name()
		switch obj.Pkg().Path() {
		case "fmt":
			return strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint") || strings.HasPrefix(name, "Sprint") || strings.HasPrefix(name, "Append")
		case "log", "log/slog":
			return true
		case "testing":
			switch name {
			case "Error", "Errorf", "Fatal", "Fatalf", "Log", "Logf", "Skip", "Skipf":
				return true
			}
		}
	}
	return false
}

// An errOperand is an operand of a format call that holds an error.
type errOperand struct {
	d       directive
	expr    ast.Expr // the operand as written
	errExpr ast.Expr // the error itself: expr, or X in X.Error()
}

// checkErrorf reports error operands of fmt.Errorf formatted without %w.
func (c *checker) checkErrorf(call *ast.CallExpr) {
	if len(call.Args) == 0 {
		return
	}
	format, ok := c.constString(call.Args[0])
	if !ok {
		// fmt.Errorf(err.Error()), fmt.Errorf("x: " + err.Error())
		if f, hidden, ok := c.flatReported(call.Args[0]); ok {
			errText := render(c.pass.Fset, f.op.errExpr)
			c.rep.Reportf(call.Pos(), "fmt.Errorf with %s as its format drops the chain of %s%s (and a %% in its text is misread); use fmt.Errorf(\"...: %%w\", %s)",
				render(c.pass.Fset, call.Args[0]), errText, lost(hidden), errText)
		}
		return
	}
	ops, wrapped, ok := c.errorOperands(format, call.Args[1:])
	if !ok || wrapped > 0 || len(ops) == 0 {
		return
	}
	multi := c.atLeast(call.Pos(), "go1.20")
	if len(ops) > 1 && !multi {
		return // only one %w allowed: which one to wrap is the author's choice
	}
	// Keep the operands that may carry something callers match (all of
	// them with -allverbs), with what each hides.
	var kept []errOperand
	var hidden []string
	for _, op := range ops {
		h := c.hiddenByOperand(call, op)
		if h == "" && !allverbs {
			continue
		}
		kept = append(kept, op)
		hidden = append(hidden, h)
	}
	if len(kept) == 0 {
		return
	}
	ops = kept
	d := analysis.Diagnostic{
		Pos:     call.Pos(),
		End:     call.End(),
		Message: c.errorfMessage(format, ops, hidden),
	}
	if edits := c.wrapEdits(call.Args[0], format, ops); edits != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Wrap with %w", TextEdits: edits}}
	}
	c.rep.Report(d)
}

// errorfMessage says what formatting ops without %w hides.
func (c *checker) errorfMessage(format string, ops []errOperand, hidden []string) string {
	known := false
	for _, h := range hidden {
		known = known || h != ""
	}
	if !known {
		// -allverbs, nothing known of the operands.
		var names []string
		for _, op := range ops {
			names = append(names, fmt.Sprintf("%s (%s)", render(c.pass.Fset, op.expr), format[op.d.start:op.d.end]))
		}
		subject := "error operand " + names[0]
		if len(names) > 1 {
			subject = "error operands " + strings.Join(names, ", ")
		}
		return fmt.Sprintf("fmt.Errorf formats %s without %%w: the result hides it from errors.Is and errors.As; use %%w", subject)
	}
	var parts []string
	for i, op := range ops {
		part := fmt.Sprintf("%s with %s", render(c.pass.Fset, op.expr), format[op.d.start:op.d.end])
		if hidden[i] != "" {
			part += ", which hides " + hidden[i]
		}
		parts = append(parts, part)
	}
	return fmt.Sprintf("fmt.Errorf formats %s from errors.Is and errors.As; use %%w", strings.Join(parts, ", and "))
}

// errorOperands returns the operands of a format call that are errors
// formatted with a plain %v, %s, %+v or %q (or X.Error() formatted with %v
// or %s), and how many operands %w already wraps. ok is false when the
// format cannot be followed.
func (c *checker) errorOperands(format string, args []ast.Expr) (ops []errOperand, wrapped int, ok bool) {
	ds, ok := parseFormat(format)
	if !ok {
		return nil, 0, false
	}
	for _, a := range args {
		if _, isEllipsis := a.(*ast.Ellipsis); isEllipsis {
			return nil, 0, false
		}
	}
	for _, d := range ds {
		if d.arg < 0 || d.arg >= len(args) {
			continue
		}
		if d.verb == 'w' {
			wrapped++
			continue
		}
		if !d.plain || (d.flags != "" && d.flags != "+") {
			continue
		}
		arg := ast.Unparen(args[d.arg])
		t := c.pass.TypesInfo.TypeOf(arg)
		switch {
		case c.isErrorType(t):
			switch d.verb {
			case 'v', 's', 'q':
			default:
				continue
			}
			if d.flags == "+" && (d.verb != 'v' || c.isFormatter(t)) {
				continue // %+v of a fmt.Formatter prints more than %w would
			}
			if isNilIdent(c.pass.TypesInfo, arg) {
				continue
			}
			ops = append(ops, errOperand{d: d, expr: arg, errExpr: arg})
		case d.flags == "" && (d.verb == 'v' || d.verb == 's'):
			if x := c.errorCall(arg); x != nil {
				ops = append(ops, errOperand{d: d, expr: arg, errExpr: x})
			}
		}
	}
	return ops, wrapped, true
}

func isNilIdent(info *types.Info, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// isFormatter reports whether values of type t may format themselves
// (fmt.Formatter), as errors with stack traces do for %+v.
func (c *checker) isFormatter(t types.Type) bool {
	if types.IsInterface(t) {
		// The dynamic type is unknown; errors of packages that print stack
		// traces with %+v are the reason to keep it.
		for _, imp := range c.pass.Pkg.Imports() {
			switch imp.Path() {
			case "github.com/pkg/errors", "github.com/cockroachdb/errors", "go.uber.org/multierr", "github.com/go-errors/errors":
				return true
			}
		}
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Format")
	_, isFunc := obj.(*types.Func)
	return isFunc
}

// errorCall returns X when e is a call X.Error() of an error's Error method.
func (c *checker) errorCall(e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Error" {
		return nil
	}
	s := c.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || !c.isErrorType(s.Recv()) {
		return nil
	}
	if sig, ok := s.Type().(*types.Signature); !ok || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
		return nil
	}
	return sel.X
}

// A flatError is an error whose text a string is built from.
type flatError struct {
	call *ast.CallExpr // the call that turns it into text: X.Error() or fmt.Sprint*
	op   errOperand    // the error among the operands of call; for X.Error(), call itself (d.arg < 0)
}

// maxFlat bounds the errors flattened looks at in one string.
const maxFlat = 8

// flattened returns the errors whose text e carries when e is a string
// built from errors: X.Error(), fmt.Sprint*(... X ...), or a concatenation
// of such.
func (c *checker) flattened(e ast.Expr, depth int, out []flatError) []flatError {
	if depth > 8 || len(out) >= maxFlat {
		return out
	}
	e = ast.Unparen(e)
	if x := c.errorCall(e); x != nil {
		call := e.(*ast.CallExpr)
		return append(out, flatError{call: call, op: errOperand{d: directive{arg: -1}, expr: call, errExpr: x}})
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return out
		}
		out = c.flattened(e.X, depth+1, out)
		return c.flattened(e.Y, depth+1, out)
	case *ast.CallExpr:
		fn := typeutil.StaticCallee(c.pass.TypesInfo, e)
		if !typesx.InPackage(fn, "fmt") || e.Ellipsis.IsValid() {
			return out
		}
		switch fn.Name() {
		case "Sprintf":
			if len(e.Args) == 0 {
				return out
			}
			format, ok := c.constString(e.Args[0])
			if !ok {
				return out
			}
			ops, _, ok := c.errorOperands(format, e.Args[1:])
			if !ok {
				return out
			}
			for _, op := range ops {
				if len(out) >= maxFlat {
					break
				}
				out = append(out, flatError{call: e, op: op})
			}
		case "Sprint", "Sprintln":
			for i, a := range e.Args {
				if len(out) >= maxFlat {
					break
				}
				a = ast.Unparen(a)
				if c.isErrorType(c.pass.TypesInfo.TypeOf(a)) && !isNilIdent(c.pass.TypesInfo, a) {
					out = append(out, flatError{call: e, op: errOperand{d: directive{arg: i}, expr: a, errExpr: a}})
				} else if x := c.errorCall(a); x != nil {
					out = append(out, flatError{call: e, op: errOperand{d: directive{arg: i}, expr: a, errExpr: x}})
				}
			}
		}
	}
	return out
}

// flatReported returns the error flattened into the string e that is worth
// a report, with what flattening it hides: the first one that may carry
// something callers match (hiddenBy), or with -allverbs the first one,
// hidden then "" when nothing is known of any. ok is false when there is
// none.
func (c *checker) flatReported(e ast.Expr) (f flatError, hidden string, ok bool) {
	flats := c.flattened(e, 0, nil)
	for _, f := range flats {
		if h := c.hiddenBy(f.op.errExpr, c.operandValue(f.call, f.op)); h != "" {
			return f, h, true
		}
	}
	if allverbs && len(flats) > 0 {
		return flats[0], "", true
	}
	return flatError{}, "", false
}

// lost says for a message what flattening an error loses: what it hides,
// or the chain as a whole when nothing is known of it (-allverbs).
func lost(hidden string) string {
	if hidden == "" {
		return ": errors.Is and errors.As no longer see it"
	}
	return ", which hides " + hidden + " from errors.Is and errors.As"
}

// checkErrorsNew reports errors.New of a string flattened from an error
// that may carry something callers match.
func (c *checker) checkErrorsNew(call *ast.CallExpr) {
	f, hidden, ok := c.flatReported(call.Args[0])
	if !ok {
		return
	}
	fset := c.pass.Fset
	errText := render(fset, f.op.errExpr)
	d := analysis.Diagnostic{
		Pos: call.Pos(),
		End: call.End(),
		Message: fmt.Sprintf("errors.New(%s) flattens %s into text%s; wrap it with fmt.Errorf(\"...: %%w\", %s) or return it",
			shorten(render(fset, call.Args[0])), errText, lost(hidden), errText),
	}
	if fix := c.sprintfFix(call); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	c.rep.Report(d)
}

// sprintfFix rewrites errors.New(fmt.Sprintf(F, args...)) into
// fmt.Errorf(F', args...) with the error verbs of F turned into %w.
func (c *checker) sprintfFix(call *ast.CallExpr) *analysis.SuggestedFix {
	inner, ok := ast.Unparen(call.Args[0]).(*ast.CallExpr)
	if !ok || len(inner.Args) == 0 || inner.Ellipsis.IsValid() {
		return nil
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, inner)
	if !typesx.IsObject(fn, "fmt", "Sprintf") {
		return nil
	}
	sel, ok := inner.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	format, ok := c.constString(inner.Args[0])
	if !ok {
		return nil
	}
	ops, wrapped, ok := c.errorOperands(format, inner.Args[1:])
	if !ok || wrapped > 0 {
		return nil
	}
	// Wrap the operands that may carry something callers match, as the
	// verb check does (all of them with -allverbs).
	if !allverbs {
		var kept []errOperand
		for _, op := range ops {
			if c.hiddenByOperand(inner, op) != "" {
				kept = append(kept, op)
			}
		}
		ops = kept
	}
	if len(ops) == 0 || (len(ops) > 1 && !c.atLeast(call.Pos(), "go1.20")) {
		return nil
	}
	edits := c.wrapEdits(inner.Args[0], format, ops)
	if edits == nil {
		return nil
	}
	// errors.New(fmt.Sprintf( -> fmt.Errorf(   and   )) -> )
	edits = append(edits,
		analysis.TextEdit{Pos: call.Pos(), End: inner.Lparen, NewText: []byte(render(c.pass.Fset, sel.X) + ".Errorf")},
		analysis.TextEdit{Pos: inner.Rparen, End: call.Rparen, NewText: nil},
	)
	return &analysis.SuggestedFix{Message: "Use fmt.Errorf with %w", TextEdits: edits}
}

// wrapEdits turns the directives of ops into %w in the format literal lit,
// and X.Error() operands into X. It returns nil when that cannot be done
// without changing the message: %q, or a format that is not one literal.
func (c *checker) wrapEdits(lit ast.Expr, format string, ops []errOperand) []analysis.TextEdit {
	bl, ok := ast.Unparen(lit).(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return nil
	}
	offsets, ok := literalOffsets(bl.Value)
	if !ok || len(offsets) != len(format)+1 {
		return nil
	}
	var edits []analysis.TextEdit
	for _, op := range ops {
		if op.d.verb == 'q' {
			return nil
		}
		start := bl.Pos() + token.Pos(offsets[op.d.start])
		end := bl.Pos() + token.Pos(offsets[op.d.end])
		edits = append(edits, analysis.TextEdit{Pos: start, End: end, NewText: []byte("%w")})
		if op.errExpr != op.expr {
			edits = append(edits, analysis.TextEdit{Pos: op.expr.Pos(), End: op.expr.End(), NewText: []byte(render(c.pass.Fset, op.errExpr))})
		}
	}
	return edits
}

// literalOffsets maps each byte offset of the value of the Go string
// literal src (and the offset just past its end) to the offset in src of
// the text that produced it.
func literalOffsets(src string) ([]int, bool) {
	if len(src) < 2 {
		return nil, false
	}
	if src[0] == '`' {
		if strings.IndexByte(src, '\r') >= 0 {
			return nil, false
		}
		offs := make([]int, 0, len(src)-1)
		for i := 1; i < len(src); i++ {
			offs = append(offs, i)
		}
		return offs, true
	}
	if src[0] != '"' {
		return nil, false
	}
	var offs []int
	s := src[1 : len(src)-1]
	pos := 1
	for len(s) > 0 {
		_, multibyte, tail, err := strconv.UnquoteChar(s, '"')
		if err != nil {
			return nil, false
		}
		consumed := len(s) - len(tail)
		// The value bytes this escape produced all map to its start.
		var n int
		if multibyte {
			r, _, _, _ := strconv.UnquoteChar(s, '"')
			n = utf8.RuneLen(r)
		} else {
			n = 1
		}
		for k := 0; k < n; k++ {
			offs = append(offs, pos)
		}
		pos += consumed
		s = tail
	}
	offs = append(offs, pos)
	return offs, true
}

// constString returns the constant string value of e.
func (c *checker) constString(e ast.Expr) (string, bool) {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

func render(fset *token.FileSet, n ast.Node) string {
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, n); err != nil {
		return "the error"
	}
	return buf.String()
}

func shorten(s string) string {
	if len(s) > 40 || strings.ContainsRune(s, '\n') {
		return "..."
	}
	return s
}
