package ctxprop

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/types"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// checkContextlessCalls reports calls of APIs that cannot be cancelled,
// where a variant taking a context exists and a context is in scope.
// Deferred calls and go statements are not considered: cleanup and
// detached work are where a context-less call is deliberate.
func (c *checker) checkContextlessCalls(fn *ssa.Function, scope *ctxScope, fl *flow) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !call.Pos().IsValid() || !fl.isLive(call) {
				continue
			}
			f := ssax.Callee(&call.Call)
			ce := c.idx.Call(call.Pos())
			if f == nil || f.Pkg() == nil || ce == nil || c.rep.Silenced(ce.Pos()) {
				continue
			}
			if recontexted(call) || handedWithContext(call) || waitsOnContextedWork(call, f) || resultOutlives(call, bindsLifetime(f)) {
				continue
			}
			if d, ok := c.contextless(fn, f, ce, scope); ok {
				c.rep.Report(d)
			}
		}
	}
}

// contextless returns the diagnostic for a call ce of f if f is a
// context-less API with a context variant: one of the few std APIs whose
// variant follows no naming rule (noRuleVariant), or one whose variant
// deriveVariant finds from the types.
func (c *checker) contextless(fn *ssa.Function, f *types.Func, ce *ast.CallExpr, scope *ctxScope) (analysis.Diagnostic, bool) {
	sig, ok := f.Type().(*types.Signature)
	if !ok {
		return analysis.Diagnostic{}, false
	}
	written := types.ExprString(ce.Fun)
	qual := "" // the package or receiver expression, as written
	if sel, ok := ce.Fun.(*ast.SelectorExpr); ok {
		qual = types.ExprString(sel.X)
	}
	d := analysis.Diagnostic{Pos: ce.Pos(), End: ce.End()}
	cannot := fmt.Sprintf("%s cannot be cancelled: it ignores %s, the context in scope, and keeps running after %s is cancelled", written, scope.expr, scope.expr)
	if notReported(f, sig) {
		return d, false
	}
	if msg, fix, ok := c.noRuleVariant(f, sig, ce, qual, scope); ok {
		d.Message = cannot + msg
		if fix != nil && qual != "" && c.resolvesAt(scope, ce.Pos()) {
			d.SuggestedFixes = fix
		}
		return d, true
	}
	v, done := c.variants[f]
	if !done {
		v = deriveVariant(f, sig, c.pass.Pkg)
		c.variants[f] = v
	}
	if v == nil || implements(fn, v.fn) || c.paramIgnoresCancel(v.fn, c.prog.FuncValue(v.fn), 0, 0) {
		// No variant, or one that only reads the context's values (a
		// logger's InfoContext, a tracer's): it has nothing to cancel.
		return d, false
	}
	newName := v.expr(qual)
	shown := scope.expr + ", ..."
	switch {
	case !v.nilOpts && sig.Params().Len() == 0:
		shown = scope.expr
	case v.nilOpts && sig.Params().Len() == 0:
		shown = scope.expr + ", nil"
	case v.nilOpts:
		shown = scope.expr + ", ..., nil"
	}
	d.Message = cannot + fmt.Sprintf("; call %s(%s) instead", newName, shown)
	if c.resolvesAt(scope, ce.Pos()) {
		switch ce.Fun.(type) {
		case *ast.SelectorExpr, *ast.Ident:
			switch {
			case v.nilOpts && len(ce.Args) == 0:
				d.SuggestedFixes = c.rewrite(ce, newName, scope.expr+", nil", v.fn.Name())
			case v.nilOpts:
				d.SuggestedFixes = c.rewrite(ce, newName, scope.expr, v.fn.Name())
				fix := &d.SuggestedFixes[0]
				fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: ce.Rparen, End: ce.Rparen, NewText: []byte(", nil")})
			default:
				d.SuggestedFixes = c.rewrite(ce, newName, scope.expr, v.fn.Name())
			}
		}
	}
	return d, true
}

// notReported reports whether f is a context-less std API that has a
// variant deriveVariant would find, but whose call is deliberately not
// reported:
//
//   - net.Listen, ListenPacket (ListenConfig.Listen...) and LookupPort
//     (Resolver.LookupPort) bind or read local tables: their context only
//     bounds a name lookup nobody waits on in practice;
//   - net.DialUnix (Dialer.DialUnix): a unix socket is local, and the
//     variant only exists since Go 1.26;
//   - log/slog's XContext functions and methods take the context for its
//     values (trace IDs), not for cancellation: nothing keeps running.
func notReported(f *types.Func, sig *types.Signature) bool {
	switch f.Pkg().Path() {
	case "net":
		return sig.Recv() == nil && oneOf(f.Name(), "Listen", "ListenPacket", "LookupPort", "DialUnix")
	case "log/slog":
		return true
	}
	return false
}

// noRuleVariant returns the advice (and, where mechanical, the fix) for the
// std APIs whose context variant follows no rule deriveVariant knows, each
// for the reason given:
//
//   - http.Get, Head, Post, PostForm (and the Client methods) have no
//     variant at all: the context goes into the request
//     (http.NewRequestWithContext) that Client.Do sends;
//   - tls.Dial and DialWithDialer: tls.Dialer.DialContext takes no config
//     or dialer argument, they move into the Dialer's fields;
//   - net.DialTimeout: the timeout moves into net.Dialer's Timeout field;
//   - net.LookupIP: Resolver.LookupIP takes a network ("ip") before the
//     host (and Resolver.LookupIPAddr returns another type).
func (c *checker) noRuleVariant(f *types.Func, sig *types.Signature, ce *ast.CallExpr, qual string, scope *ctxScope) (string, []analysis.SuggestedFix, bool) {
	recv := typesx.RecvTypeName(sig)
	switch f.Pkg().Path() {
	case "net/http":
		if (recv == "" || recv == "Client") && oneOf(f.Name(), "Get", "Head", "Post", "PostForm") {
			return fmt.Sprintf("; build the request with http.NewRequestWithContext(%s, ...) and send it with Client.Do", scope.expr), nil, true
		}
	case "crypto/tls":
		if recv == "" && oneOf(f.Name(), "Dial", "DialWithDialer") {
			return fmt.Sprintf("; use (&tls.Dialer{...}).DialContext(%s, ...)", scope.expr), nil, true
		}
	case "net":
		if recv != "" {
			return "", nil, false
		}
		pkg := qual
		if pkg == "" {
			pkg = "net"
		}
		switch f.Name() {
		case "DialTimeout":
			if len(ce.Args) != 3 || ce.Ellipsis.IsValid() {
				return "", nil, false
			}
			repl := "(&" + pkg + ".Dialer{Timeout: " + c.source(ce.Args[2]) + "}).DialContext"
			fix := c.rewrite(ce, repl, scope.expr, "DialContext")
			// The timeout moves into the Dialer: drop the third argument.
			fix[0].TextEdits = append(fix[0].TextEdits, analysis.TextEdit{Pos: ce.Args[1].End(), End: ce.Args[2].End()})
			return fmt.Sprintf("; call %s(%s, ...) instead", repl, scope.expr), fix, true
		case "LookupIP":
			repl := pkg + ".DefaultResolver.LookupIP"
			fix := c.rewrite(ce, repl, scope.expr, "LookupIP")
			fix[0].TextEdits[1].NewText = []byte(scope.expr + `, "ip", `)
			return fmt.Sprintf("; call %s(%s, \"ip\", ...) instead", repl, scope.expr), fix, true
		}
	}
	return "", nil, false
}

// rewrite returns the fix that replaces ce's function with fun and inserts
// args as the first arguments.
func (c *checker) rewrite(ce *ast.CallExpr, fun, args, name string) []analysis.SuggestedFix {
	if len(ce.Args) > 0 {
		args += ", "
	}
	return []analysis.SuggestedFix{{
		Message: "Call " + name + " with the context in scope",
		TextEdits: []analysis.TextEdit{
			{Pos: ce.Fun.Pos(), End: ce.Fun.End(), NewText: []byte(fun)},
			{Pos: ce.Lparen + 1, End: ce.Lparen + 1, NewText: []byte(args)},
		},
	}}
}

// source renders e as Go source.
func (c *checker) source(e ast.Expr) string {
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, c.pass.Fset, e); err != nil {
		return types.ExprString(e)
	}
	return buf.String()
}

// A variant is the function or method that does what a context-less API
// does but takes a context first, and how a call reaches it.
type variant struct {
	fn *types.Func
	// how the call reaches fn: sibling (same qualifier as the call),
	// through a package variable, or through a zero value of a type.
	via    int
	holder string // the variable or type name, for viaVar and viaZero
	// nilOpts: fn takes one more trailing parameter, an options pointer
	// for which nil means the context-less API's defaults (DB.BeginTx).
	nilOpts bool
}

const (
	viaSibling = iota // qual.XContext: same package, same receiver
	viaVar            // pkg.DefaultResolver.LookupHost
	viaZero           // (&pkg.Dialer{}).DialContext
)

// expr returns the expression that names v's function, for a call written
// with qualifier qual (the package or receiver expression; "" when the
// call is unqualified).
func (v *variant) expr(qual string) string {
	pkg := ""
	if qual != "" {
		pkg = qual + "."
	}
	switch v.via {
	case viaVar:
		return pkg + v.holder + "." + v.fn.Name()
	case viaZero:
		return "(&" + pkg + v.holder + "{})." + v.fn.Name()
	}
	return pkg + v.fn.Name()
}

// variantSuffixes are the names a context variant of X has by convention:
// XContext (database/sql, os/exec, net), XWithContext (net/http,
// the AWS SDK), XCtx (many clients).
var variantSuffixes = []string{"Context", "WithContext", "Ctx"}

// deriveVariant returns the context variant of f, derived from the types
// alone: a function whose parameters are a context.Context followed by
// exactly f's parameters (optionally then trailing variadic options where
// f has none) and whose results are f's results, found, in this order:
//
//  1. beside f (same package, or same receiver type, not promoted), named
//     XContext, XWithContext or XCtx: Query -> QueryContext,
//     exec.Command -> CommandContext, http.NewRequest -> NewRequestWithContext,
//     tls.Conn.Handshake -> HandshakeContext, any package's FetchCtx;
//  2. beside f, named X followed by any other word, taking after f's
//     parameters one pointer to an options struct of its own package,
//     for which nil means f's defaults:
//     DB.Begin -> BeginTx(ctx, nil);
//  3. for a package-level f, a method named X (or with a suffix above) of
//     an exported package variable: net.LookupHost ->
//     net.DefaultResolver.LookupHost;
//  4. for a package-level f of the standard library, a method named X (or
//     with a suffix) of an exported struct type whose zero value is ready
//     to use: net.Dial -> (&net.Dialer{}).DialContext. Outside std whether
//     a zero value works is not known, so this form is not derived there.
//
// Anything looser (other parameters, other results, a context not first)
// is a different API, not a variant.
func deriveVariant(f *types.Func, sig *types.Signature, from *types.Package) *variant {
	for i := 0; i < sig.Params().Len(); i++ {
		if isContext(sig.Params().At(i).Type()) {
			return nil // f already takes a context
		}
	}
	usable := func(g *types.Func) bool { return g.Pkg() == from || g.Exported() }
	sibling := func(name string) *types.Func {
		var obj types.Object
		if recv := sig.Recv(); recv != nil {
			var index []int
			obj, index, _ = types.LookupFieldOrMethod(recv.Type(), true, f.Pkg(), name)
			if len(index) != 1 {
				return nil // promoted from an embedded field: not f's sibling
			}
		} else {
			obj = f.Pkg().Scope().Lookup(name)
		}
		g, _ := obj.(*types.Func)
		if g == nil || !usable(g) {
			return nil
		}
		return g
	}
	// 1. XContext beside f.
	for _, suffix := range variantSuffixes {
		if g := sibling(f.Name() + suffix); g != nil && isVariantOf(g, sig, false) {
			return &variant{fn: g}
		}
	}
	// 2. X<Word>(ctx, f's parameters, opts *Options) beside f.
	if !sig.Variadic() {
		for _, g := range siblings(f, sig) {
			rest := strings.TrimPrefix(g.Name(), f.Name())
			if rest == g.Name() || rest == "" || !startsUpper(rest) || !usable(g) {
				continue
			}
			if isVariantOf(g, sig, true) {
				return &variant{fn: g, nilOpts: true}
			}
		}
	}
	if sig.Recv() != nil {
		return nil
	}
	names := append([]string{f.Name()}, variantSuffixes...)
	for i := 1; i < len(names); i++ {
		names[i] = f.Name() + names[i]
	}
	scope := f.Pkg().Scope()
	// 3. A method of an exported package variable.
	for _, n := range scope.Names() {
		obj, ok := scope.Lookup(n).(*types.Var)
		if !ok || !obj.Exported() {
			continue
		}
		if g := methodVariant(obj.Type(), f, sig, names); g != nil {
			return &variant{fn: g, via: viaVar, holder: n}
		}
	}
	// 4. A method of a std struct type's zero value.
	if !typesx.IsStd(f.Pkg()) {
		return nil
	}
	for _, n := range scope.Names() {
		obj, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || !obj.Exported() || obj.IsAlias() {
			continue
		}
		if _, ok := obj.Type().Underlying().(*types.Struct); !ok {
			continue
		}
		if g := methodVariant(types.NewPointer(obj.Type()), f, sig, names); g != nil {
			return &variant{fn: g, via: viaZero, holder: n}
		}
	}
	return nil
}

// methodVariant returns the method of t, declared in f's package and
// named one of names, that is a context variant of f.
func methodVariant(t types.Type, f *types.Func, sig *types.Signature, names []string) *types.Func {
	for _, name := range names {
		obj, index, _ := types.LookupFieldOrMethod(t, true, f.Pkg(), name)
		g, ok := obj.(*types.Func)
		if !ok || len(index) != 1 || !g.Exported() || g.Pkg() != f.Pkg() {
			continue
		}
		if isVariantOf(g, sig, false) {
			return g
		}
	}
	return nil
}

// siblings returns the functions declared beside f: the package's
// functions for a package-level f, the methods of f's receiver type
// (not promoted ones) for a method, in a deterministic order.
func siblings(f *types.Func, sig *types.Signature) []*types.Func {
	var out []*types.Func
	if recv := sig.Recv(); recv != nil {
		ms := types.NewMethodSet(types.NewPointer(typesx.Deref(recv.Type())))
		if types.IsInterface(recv.Type()) {
			ms = types.NewMethodSet(recv.Type())
		}
		for i := 0; i < ms.Len(); i++ {
			if g, ok := ms.At(i).Obj().(*types.Func); ok && len(ms.At(i).Index()) == 1 {
				out = append(out, g)
			}
		}
		return out
	}
	scope := f.Pkg().Scope()
	for _, n := range scope.Names() {
		if g, ok := scope.Lookup(n).(*types.Func); ok {
			out = append(out, g)
		}
	}
	return out
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isVariantOf reports whether g's signature is sig with a context.Context
// first, and then either nothing more, trailing variadic options where
// sig has none (the AWS SDK's GetObjectWithContext(ctx, in, opts...)), or,
// with nilOpts, exactly one trailing pointer to a struct type of g's own
// package (DB.BeginTx's *TxOptions): the call stays valid with the context inserted (and nil
// appended).
func isVariantOf(g *types.Func, sig *types.Signature, nilOpts bool) bool {
	gs, ok := g.Type().(*types.Signature)
	if !ok {
		return false
	}
	n := sig.Params().Len()
	switch {
	case nilOpts:
		if gs.Params().Len() != n+2 || gs.Variadic() || sig.Variadic() {
			return false
		}
		p, ok := gs.Params().At(n + 1).Type().(*types.Pointer)
		if !ok {
			return false
		}
		if _, ok := p.Elem().Underlying().(*types.Struct); !ok {
			return false
		}
		if opts := typesx.NamedOf(p.Elem()); opts == nil || opts.Obj().Pkg() != g.Pkg() {
			return false // not the API's own options (a *time.Time)
		}
	case gs.Params().Len() == n+1 && gs.Variadic() == sig.Variadic():
	case gs.Params().Len() == n+2 && gs.Variadic() && !sig.Variadic():
	default:
		return false
	}
	if !isContext(gs.Params().At(0).Type()) {
		return false
	}
	for i := 0; i < n; i++ {
		if !types.Identical(sig.Params().At(i).Type(), gs.Params().At(i+1).Type()) {
			return false
		}
	}
	return types.Identical(sig.Results(), gs.Results())
}

func oneOf(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// implements reports whether fn is, or is nested in, the declaration of
// v: CommandContext building on Command is how the variant is written,
// not a call that forgot its context.
func implements(fn *ssa.Function, v *types.Func) bool {
	for f, i := fn, 0; f != nil && i < 100; f, i = f.Parent(), i+1 {
		if obj, ok := f.Object().(*types.Func); ok && obj.Origin() == v.Origin() {
			return true
		}
	}
	return false
}

// recontexted reports whether the *http.Request that call returns is given
// a context afterwards (req = req.WithContext(ctx)): http.NewRequest
// followed by WithContext is the older spelling of NewRequestWithContext.
func recontexted(call *ssa.Call) bool {
	var req ssa.Value = call
	if tuple, ok := call.Type().(*types.Tuple); ok {
		if tuple.Len() == 0 || !isRequest(tuple.At(0).Type()) {
			return false
		}
		if req = extractOf(call, 0); req == nil {
			return false
		}
	} else if !isRequest(call.Type()) {
		return false
	}
	for _, r := range ssax.Referrers(req) {
		if rc, ok := r.(*ssa.Call); ok && isRecontext(rc, req) && resultUsed(rc) {
			return true
		}
	}
	return false
}

// isRecontext reports whether call is req.WithContext(...) or
// req.Clone(...).
func isRecontext(call *ssa.Call, req ssa.Value) bool {
	if len(call.Call.Args) == 0 || call.Call.Args[0] != req {
		return false
	}
	f := ssax.Callee(&call.Call)
	return f != nil && (f.Name() == "WithContext" || f.Name() == "Clone")
}

// resultUsed reports whether the value call returns is used: a dropped
// req.WithContext(ctx) applies nothing, since it returns a copy.
func resultUsed(call *ssa.Call) bool {
	for _, r := range ssax.Referrers(call) {
		if _, ok := r.(*ssa.DebugRef); !ok {
			return true
		}
	}
	return false
}

// waitsOnContextedWork reports whether call is a Wait on a handle made by
// a call that was given a context: f := ap.submit(ctx, cmd); f.Wait().
// The work the handle stands for was started with the context, so it ends
// when the context does, and the wait with it; WaitContext would only
// abandon the wait and leave the work running (and whatever must follow
// the wait, reading the result or recycling the handle, undone). Only a
// wait is so bounded: a statement prepared with ctx runs its Query
// without it.
func waitsOnContextedWork(call *ssa.Call, f *types.Func) bool {
	if f.Name() != "Wait" || !isMethod(f) {
		return false
	}
	var recv ssa.Value
	switch {
	case call.Call.IsInvoke():
		recv = call.Call.Value
	case len(call.Call.Args) > 0:
		recv = call.Call.Args[0]
	default:
		return false
	}
	seen := map[ssa.Value]bool{}
	var made func(v ssa.Value, depth int) bool
	made = func(v ssa.Value, depth int) bool {
		if v == nil || depth > 8 || seen[v] {
			return false
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Call:
			for _, a := range v.Call.Args {
				if isContext(a.Type()) {
					return true
				}
			}
		case *ssa.Extract:
			return made(v.Tuple, depth+1)
		case *ssa.UnOp:
			return made(v.X, depth+1)
		case *ssa.FieldAddr:
			return made(v.X, depth+1)
		case *ssa.Field:
			return made(v.X, depth+1)
		case *ssa.IndexAddr:
			return made(v.X, depth+1)
		case *ssa.Index:
			return made(v.X, depth+1)
		case *ssa.ChangeType:
			return made(v.X, depth+1)
		case *ssa.MakeInterface:
			return made(v.X, depth+1)
		case *ssa.Phi:
			for _, e := range v.Edges {
				if !made(e, depth+1) {
					return false
				}
			}
			return len(v.Edges) > 0
		case *ssa.Alloc:
			// A handle kept in a variable, or built in place
			// (Future{batch: batches[i]}): what is stored into it.
			for _, r := range ssax.Referrers(v) {
				if st, ok := r.(*ssa.Store); ok && st.Addr == v && made(st.Val, depth+1) {
					return true
				}
				fa, ok := r.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				for _, rr := range ssax.Referrers(fa) {
					if st, ok := rr.(*ssa.Store); ok && st.Addr == fa && made(st.Val, depth+1) {
						return true
					}
				}
			}
		}
		return false
	}
	return made(recv, 0)
}

func isMethod(f *types.Func) bool {
	sig, ok := f.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}

// handedWithContext reports whether the result of call is passed to a
// call that also receives a context: exec.Command followed by
// runWithContext(ctx, cmd) applies the context by hand.
func handedWithContext(call *ssa.Call) bool {
	var res ssa.Value = call
	if tuple, ok := call.Type().(*types.Tuple); ok {
		if tuple.Len() == 0 {
			return false
		}
		if res = extractOf(call, 0); res == nil {
			return false
		}
	}
	for _, r := range ssax.Referrers(res) {
		rc, ok := r.(ssa.CallInstruction)
		if !ok {
			continue
		}
		if c, ok := rc.(*ssa.Call); ok && isRecontext(c, res) {
			continue // recontexted decides: only a kept copy has the context
		}
		for _, a := range rc.Common().Args {
			if isContext(a.Type()) {
				return true
			}
		}
	}
	return false
}
