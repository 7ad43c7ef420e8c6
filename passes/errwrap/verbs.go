package errwrap

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// The verb check reports %v of an error, and the flatten check an error
// turned into text and rebuilt, only when the error may carry something a
// caller can match (an exported sentinel or error type, or one this
// package matches itself) that the flattening hides (hiddenBy). What the
// error carries is read from its origins on the SSA form (origin.go).

// textCalls indexes, by the position of their left parenthesis as SSA
// records them, the calls of the package's functions that turn an error
// into text or format one: fmt.Errorf, fmt.Sprintf, fmt.Sprint,
// fmt.Sprintln, and Error methods.
func (c *checker) textCalls() map[token.Pos]*ssa.Call {
	if c.callsAt != nil {
		return c.callsAt
	}
	c.callsAt = make(map[token.Pos]*ssa.Call)
	fns := c.ssa.SrcFuncs
	if init := c.ssa.Pkg.Func("init"); init != nil {
		// Package-level initialisers, and the function literals in them.
		fns = append(fns[:len(fns):len(fns)], init)
		for i := len(fns) - 1; i < len(fns) && i < len(c.ssa.SrcFuncs)+1000; i++ {
			fns = append(fns, fns[i].AnonFuncs...)
		}
	}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || !isTextCall(&call.Call) {
					continue
				}
				c.callsAt[call.Pos()] = call
			}
		}
	}
	return c.callsAt
}

// isTextCall reports whether call is one textCalls indexes.
func isTextCall(call *ssa.CallCommon) bool {
	if call.IsInvoke() {
		return call.Method.Name() == "Error" && len(call.Args) == 0
	}
	callee := call.StaticCallee()
	if callee == nil {
		return false
	}
	if callee.Signature.Recv() != nil {
		return callee.Name() == "Error" && len(call.Args) == 1
	}
	return ssax.IsCall(call, "fmt", "Errorf", "Sprintf", "Sprint", "Sprintln")
}

// operandValue returns the SSA value of the error of op, an operand of the
// fmt call call, or nil when it cannot be found. An op with no directive
// (arg < 0) stands for call itself, an X.Error() call, whose error is X.
func (c *checker) operandValue(call *ast.CallExpr, op errOperand) ssa.Value {
	ssaCall := c.textCalls()[call.Lparen]
	if ssaCall == nil {
		return nil
	}
	var v ssa.Value = ssaCall
	if op.d.arg >= 0 {
		args := variadicArgs(&ssaCall.Call)
		if op.d.arg >= len(args) || args[op.d.arg] == nil {
			return nil
		}
		v = args[op.d.arg]
	}
	if op.errExpr != op.expr {
		// X.Error(): the receiver of the Error call.
		if mi, ok := v.(*ssa.MakeInterface); ok {
			v = mi.X
		}
		ec, ok := v.(*ssa.Call)
		if !ok {
			return nil
		}
		switch {
		case ec.Call.IsInvoke():
			v = ec.Call.Value
		case len(ec.Call.Args) == 1:
			v = ec.Call.Args[0]
		default:
			return nil
		}
	}
	return v
}

// hiddenByOperand describes what the error of op, an operand of the fmt
// call call, may carry that a caller could match (see hiddenBy).
func (c *checker) hiddenByOperand(call *ast.CallExpr, op errOperand) string {
	return c.hiddenBy(op.errExpr, c.operandValue(call, op))
}

// hiddenBy is the one decision of the verb and flatten checks: it
// describes what the error errExpr, whose SSA value is v, may carry that a
// caller could match with errors.Is or errors.As, and which formatting it
// without %w or flattening it into text hides. It returns "" when nothing
// is known: an error of unknown origin, one already flattened, a value of
// a concrete type, one that carries only what is not identifiable, or one
// the function already tested for what it carries.
func (c *checker) hiddenBy(errExpr ast.Expr, v ssa.Value) string {
	if !types.IsInterface(c.pass.TypesInfo.TypeOf(errExpr)) {
		// A value of a concrete type (pe after errors.As, an issue of a
		// validation report): the code holds it as what it is and chose
		// to format its text.
		return ""
	}
	if v == nil || !types.IsInterface(v.Type()) {
		return ""
	}
	budget := 2000
	s := c.valueSummary(v, make(map[ssa.Value]bool), &budget)
	var direct, wrapped []string
	for _, k := range orderedKeys(s.direct) {
		if c.identifiable(k, s) {
			direct = append(direct, k)
		}
	}
	for _, k := range orderedKeys(s.wrapped) {
		if c.identifiable(k, s) && !s.direct.sents[k] {
			wrapped = append(wrapped, k)
		}
	}
	if len(direct) == 0 && len(wrapped) == 0 {
		return ""
	}
	checked := c.checkedKeys(v)
	for _, k := range append(direct[:len(direct):len(direct)], wrapped...) {
		if checked[k] {
			return "" // the function already looked for what mattered to it
		}
	}
	return c.describe(s, direct, wrapped)
}

// preferredKeys come first in messages, in this order; the rest follow
// by how often the standard library's source refers to them (stdDocUses),
// then in alphabetical order.
var preferredKeys = []string{
	"io/fs.ErrNotExist", "io/fs.ErrPermission", "context.DeadlineExceeded", "context.Canceled",
	unexpectedEOF, "strconv.ErrSyntax", "os/exec.ErrNotFound",
}

func orderedKeys(set errSet) []string {
	keys := set.keys()
	rank := func(k string) int {
		for i, p := range preferredKeys {
			if p == k {
				return i
			}
		}
		return len(preferredKeys)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if ri, rj := rank(keys[i]), rank(keys[j]); ri != rj {
			return ri < rj
		}
		return stdDocUses(keys[i]) > stdDocUses(keys[j])
	})
	return keys
}

// describe says what an error hides: "the *fs.PathError from os.ReadFile
// (and fs.ErrNotExist)", "ErrGone from lookup", "lib.ErrMissing (wrapped
// in the error from lib.Get)".
func (c *checker) describe(s *summary, direct, wrapped []string) string {
	if len(direct) == 0 {
		text := c.nameList(wrapped, " or ")
		if s.wrapVia != "" {
			return text + " (wrapped in the error from " + s.wrapVia + ")"
		}
		return text + " (wrapped inside it)"
	}
	// Group the direct keys by the call they came out of.
	var vias []string
	byVia := make(map[string][]string)
	for _, k := range direct {
		via := s.via[k]
		if _, ok := byVia[via]; !ok {
			vias = append(vias, via)
		}
		byVia[via] = append(byVia[via], k)
	}
	var parts []string
	more := len(vias) > 2
	if more {
		vias = vias[:2]
	}
	for _, via := range vias {
		text := c.nameList(byVia[via], " or ")
		if _, _, isType := splitKey(byVia[via][0]); isType {
			text = "the " + text
		}
		if via != "" {
			text += " from " + via
		}
		parts = append(parts, text)
	}
	text := strings.Join(parts, ", ")
	if more {
		text += ", ..."
	}
	switch {
	case len(wrapped) == 1:
		text += " (and " + c.displayKey(wrapped[0]) + ")"
	case len(wrapped) == 2:
		text += " (and " + c.displayKey(wrapped[0]) + " or " + c.displayKey(wrapped[1]) + ")"
	case len(wrapped) > 2:
		text += " (and " + c.displayKey(wrapped[0]) + ", " + c.displayKey(wrapped[1]) + ", ...)"
	}
	return text
}

// nameList names keys for a message, at most two.
func (c *checker) nameList(keys []string, sep string) string {
	var names []string
	for i, k := range keys {
		if i == 2 {
			names = append(names, "...")
			break
		}
		names = append(names, c.displayKey(k))
	}
	return strings.Join(names, sep)
}

// splitKey splits the key of a sentinel ("io/fs.ErrNotExist") or error
// type ("type *io/fs.PathError") into its package path and name. isType
// reports a type key. name is "" when the key names no declared object (a
// type parameter, an unnamed type).
func splitKey(key string) (pkg, name string, isType bool) {
	rest, isType := strings.CutPrefix(key, "type ")
	rest = strings.TrimLeft(rest, "*")
	if i := strings.IndexByte(rest, '['); i >= 0 {
		rest = rest[:i]
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || strings.ContainsAny(rest, " (){}") {
		return "", "", isType
	}
	return rest[:i], rest[i+1:], isType
}

func isUpper(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// messageOnly are the sentinels and types of the standard library that
// say only that input ended or was cut short: code that formats them into
// its own error (a decoder turning end of input into a failure) gives a
// message, not an error to match. The errors of encoding/asn1 are of that
// kind too: what the DER parsers of crypto/x509 and the like fail with on
// malformed input, and so are json.Marshal's errors for values it cannot
// encode, which are bugs in the program. Parse errors that callers do match (*strconv.NumError
// with strconv.ErrRange for overflow, *json.SyntaxError for the offset)
// are not in it.
var messageOnly = map[string]bool{
	"io.EOF":           true,
	unexpectedEOF:      true,
	"io.ErrShortWrite": true,

	"type encoding/asn1.SyntaxError":     true,
	"type encoding/asn1.StructuralError": true,

	// What json.Marshal fails with on a value it cannot encode (a channel,
	// a func, NaN): a programming error to fix, not a condition a caller
	// tells apart.
	"type *encoding/json.UnsupportedValueError": true,
	"type *encoding/json.UnsupportedTypeError":  true,
}

// identifiable reports whether callers may match the sentinel or error
// type key, which s carries, with errors.Is or errors.As, and it is not
// messageOnly. One of another package must be exported (and importable
// here: not in another module's internal package); one of this package
// must be exported or tested for by the package itself (==, errors.Is,
// errors.As). And it must come straight from this function or from the
// call that produced the error, or be documented by the standard library
// table: a sentinel several calls down is most often one of many ways a
// call can fail, and the text says enough.
func (c *checker) identifiable(key string, s *summary) bool {
	if messageOnly[key] {
		return false
	}
	pkg, name, _ := splitKey(key)
	if name == "" {
		return false
	}
	near := s.via[key] == "" || s.near[key] || s.std[key]
	if pkg != c.pass.Pkg.Path() {
		return near && isUpper(name) && importable(pkg, c.pass.Pkg.Path())
	}
	return near && (isUpper(name) || c.matchedKeys()[key])
}

// importable reports whether the package at path may be imported by the
// package at from: it is not internal to another tree.
func importable(path, from string) bool {
	i := strings.LastIndex(path, "/internal/")
	switch {
	case i >= 0:
	case strings.HasSuffix(path, "/internal"):
		i = len(path) - len("/internal")
	case strings.HasPrefix(path, "internal/") || path == "internal":
		i = 0
	default:
		return true
	}
	parent := path[:i]
	return parent == "" && typesx.IsStdPath(from) || from == parent || strings.HasPrefix(from, parent+"/")
}

// displayKey names a key for a message: ErrGone in this package,
// fs.ErrNotExist, *fs.PathError.
func (c *checker) displayKey(key string) string {
	pkg, name, isType := splitKey(key)
	if name == "" {
		return strings.TrimPrefix(key, "type ")
	}
	rest := strings.TrimPrefix(key, "type ")
	stars := rest[:len(rest)-len(strings.TrimLeft(rest, "*"))]
	qual := ""
	if pkg != c.pass.Pkg.Path() {
		qual = pkgName(pkg) + "."
	}
	text := qual + name
	if isType {
		text = stars + text
	}
	return text
}

// pkgName guesses the name of the package at path: its last element,
// skipping a major version suffix.
func pkgName(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = elems[len(elems)-2]
	}
	return last
}

// matchedKeys returns the sentinels and error types this package matches
// somewhere (==, errors.Is, a switch case, a type assertion or switch,
// errors.As): an unexported one among them is identifiable to the package
// itself.
func (c *checker) matchedKeys() map[string]bool {
	if c.matched != nil {
		return c.matched
	}
	c.matched = make(map[string]bool)
	info := c.pass.TypesInfo
	addVar := func(e ast.Expr) {
		var id *ast.Ident
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			id = e
		case *ast.SelectorExpr:
			id = e.Sel
		default:
			return
		}
		if v, ok := info.Uses[id].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			c.matched[sentinelKey(v)] = true
		}
	}
	addType := func(e ast.Expr) {
		if t := info.TypeOf(e); t != nil {
			c.matched[typeKey(t)] = true
		}
	}
	filter := []ast.Node{(*ast.BinaryExpr)(nil), (*ast.CallExpr)(nil), (*ast.SwitchStmt)(nil), (*ast.TypeAssertExpr)(nil), (*ast.TypeSwitchStmt)(nil)}
	c.insp.Preorder(filter, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				addVar(n.X)
				addVar(n.Y)
			}
		case *ast.CallExpr:
			fn := typeutil.StaticCallee(info, n)
			if !typesx.InPackage(fn, "errors") || len(n.Args) != 2 {
				return
			}
			switch fn.Name() {
			case "Is":
				addVar(n.Args[1])
			case "As":
				if p, ok := info.TypeOf(n.Args[1]).(*types.Pointer); ok {
					c.matched[typeKey(p.Elem())] = true
				}
			}
		case *ast.SwitchStmt:
			if n.Tag == nil {
				return
			}
			for _, cl := range n.Body.List {
				for _, e := range cl.(*ast.CaseClause).List {
					addVar(e)
				}
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				addType(n.Type)
			}
		case *ast.TypeSwitchStmt:
			for _, cl := range n.Body.List {
				for _, e := range cl.(*ast.CaseClause).List {
					addType(e)
				}
			}
		}
	})
	return c.matched
}

// checkedKeys returns the sentinels and types the function tests the error
// v for: v == ErrX, errors.Is(v, ErrX), os.IsNotExist(v), errors.As(v,
// &target), v.(*T). Tests of the values v merges (a φ) count too.
func (c *checker) checkedKeys(v ssa.Value) map[string]bool {
	keys := make(map[string]bool)
	vals := []ssa.Value{v}
	if mi, ok := v.(*ssa.MakeInterface); ok {
		vals = append(vals, mi.X)
	}
	if phi, ok := v.(*ssa.Phi); ok {
		vals = append(vals, phi.Edges...)
	}
	for _, x := range vals {
		for _, ref := range ssax.Referrers(x) {
			switch ref := ref.(type) {
			case *ssa.BinOp:
				if ref.Op != token.EQL && ref.Op != token.NEQ {
					continue
				}
				other := ref.Y
				if other == x {
					other = ref.X
				}
				if g := sentinelOf(other); g != nil {
					keys[sentinelKey(g.Object())] = true
				} else if mi, ok := other.(*ssa.MakeInterface); ok {
					if _, ok := mi.X.(*ssa.Const); ok {
						// err == syscall.ENOENT: a constant of an error
						// type (an Errno) tests for that type's values.
						keys[typeKey(mi.X.Type())] = true
					}
				}
			case *ssa.TypeAssert:
				keys[typeKey(ref.AssertedType)] = true
			case *ssa.Call:
				callee := ref.Call.StaticCallee()
				if callee == nil || callee.Pkg == nil || len(ref.Call.Args) == 0 || ref.Call.Args[0] != x {
					continue
				}
				switch callee.Pkg.Pkg.Path() + "." + callee.Name() {
				case "errors.Is":
					if g := sentinelOf(ref.Call.Args[1]); g != nil {
						keys[sentinelKey(g.Object())] = true
					}
				case "errors.As":
					target := ref.Call.Args[1]
					if mi, ok := target.(*ssa.MakeInterface); ok {
						target = mi.X
					}
					if p, ok := target.Type().Underlying().(*types.Pointer); ok {
						keys[typeKey(p.Elem())] = true
					}
				case "os.IsNotExist":
					keys["io/fs.ErrNotExist"] = true
				case "os.IsExist":
					keys["io/fs.ErrExist"] = true
				case "os.IsPermission":
					keys["io/fs.ErrPermission"] = true
				}
			}
		}
	}
	return keys
}
