package ctxprop

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/types"

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
			if recontexted(call) || handedWithContext(call) || resultOutlives(call, bindsLifetime(f)) {
				continue
			}
			if d, ok := c.contextless(fn, f, ce, scope); ok {
				c.rep.Report(d)
			}
		}
	}
}

// contextless returns the diagnostic for a call ce of f if f is a
// context-less API with a context variant.
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
	canFix := qual != "" && c.resolvesAt(scope, ce.Pos())
	d := analysis.Diagnostic{Pos: ce.Pos(), End: ce.End()}
	cannot := fmt.Sprintf("%s cannot be cancelled: it ignores %s, the context in scope, and keeps running after %s is cancelled", written, scope.expr, scope.expr)
	recv := typesx.RecvTypeName(sig)
	switch f.Pkg().Path() {
	case "net/http":
		if (recv == "" || recv == "Client") && oneOf(f.Name(), "Get", "Head", "Post", "PostForm") {
			d.Message = cannot + fmt.Sprintf("; build the request with http.NewRequestWithContext(%s, ...) and send it with Client.Do", scope.expr)
			return d, true
		}
	case "database/sql":
		if recv == "DB" && f.Name() == "Begin" {
			d.Message = cannot + fmt.Sprintf("; call %s.BeginTx(%s, nil) instead", qual, scope.expr)
			if canFix {
				d.SuggestedFixes = c.rewrite(ce, qual+".BeginTx", scope.expr+", nil", "BeginTx")
			}
			return d, true
		}
	case "crypto/tls":
		if recv == "" && oneOf(f.Name(), "Dial", "DialWithDialer") {
			d.Message = cannot + fmt.Sprintf("; use (&tls.Dialer{...}).DialContext(%s, ...)", scope.expr)
			return d, true
		}
	case "net":
		if recv == "" {
			if repl, ok := c.netVariant(f.Name(), qual, ce); ok {
				d.Message = cannot + fmt.Sprintf("; call %s(%s, ...) instead", repl, scope.expr)
				if canFix {
					d.SuggestedFixes = c.rewrite(ce, repl, scope.expr, repl)
					if f.Name() == "DialTimeout" {
						// The timeout moves into the Dialer: drop the third argument.
						fix := &d.SuggestedFixes[0]
						fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: ce.Args[1].End(), End: ce.Args[2].End()})
					}
					if f.Name() == "LookupIP" {
						fix := &d.SuggestedFixes[0]
						fix.TextEdits[1].NewText = []byte(scope.expr + `, "ip", `)
					}
				}
				return d, true
			}
			return d, false
		}
	case "log/slog":
		// slog's XContext variants pass the context for its values (trace
		// IDs), not for cancellation: nothing keeps running.
		return d, false
	}
	v := contextVariant(f, sig, c.pass.Pkg)
	if v == nil || implements(fn, v) || c.paramIgnoresCancel(v, c.prog.FuncValue(v), 0, 0) {
		// No variant, or one that only reads the context's values (a
		// logger's InfoContext, a tracer's): it has nothing to cancel.
		return d, false
	}
	newName := v.Name()
	if qual != "" {
		newName = qual + "." + v.Name()
	}
	d.Message = cannot + fmt.Sprintf("; call %s(%s, ...) instead", newName, scope.expr)
	if c.resolvesAt(scope, ce.Pos()) {
		switch ce.Fun.(type) {
		case *ast.SelectorExpr, *ast.Ident:
			d.SuggestedFixes = c.rewrite(ce, newName, scope.expr, v.Name())
		}
	}
	return d, true
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

// netVariant returns, for a package-level function of net that may wait
// on the network, the expression
// that calls its context variant (written with the package qualifier qual),
// e.g. "(&net.Dialer{}).DialContext" for net.Dial. Listen, ListenPacket
// and LookupPort are left out: they bind or read local tables, and their
// context only bounds a name lookup nobody waits on in practice.
func (c *checker) netVariant(name, qual string, ce *ast.CallExpr) (string, bool) {
	if qual == "" {
		qual = "net"
	}
	switch name {
	case "Dial":
		return "(&" + qual + ".Dialer{}).DialContext", true
	case "DialTimeout":
		if len(ce.Args) != 3 || ce.Ellipsis.IsValid() {
			return "", false
		}
		return "(&" + qual + ".Dialer{Timeout: " + c.source(ce.Args[2]) + "}).DialContext", true
	case "LookupHost", "LookupAddr", "LookupCNAME", "LookupMX", "LookupNS", "LookupTXT", "LookupSRV", "LookupIP":
		return qual + ".DefaultResolver." + name, true
	}
	return "", false
}

// source renders e as Go source.
func (c *checker) source(e ast.Expr) string {
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, c.pass.Fset, e); err != nil {
		return types.ExprString(e)
	}
	return buf.String()
}

// contextVariant returns the function or method that does what f does but
// takes a context first: f's name with a Context, WithContext or Ctx
// suffix, declared beside f (same package, or same receiver type), whose
// parameters are a context.Context followed by exactly f's parameters and
// whose results are f's results. Anything looser (other parameters, other
// results) is a different API, not a variant.
func contextVariant(f *types.Func, sig *types.Signature, from *types.Package) *types.Func {
	for i := 0; i < sig.Params().Len(); i++ {
		if isContext(sig.Params().At(i).Type()) {
			return nil // f already takes a context
		}
	}
	for _, suffix := range []string{"Context", "WithContext", "Ctx"} {
		name := f.Name() + suffix
		var obj types.Object
		if recv := sig.Recv(); recv != nil {
			var index []int
			obj, index, _ = types.LookupFieldOrMethod(recv.Type(), true, f.Pkg(), name)
			if len(index) != 1 {
				continue // promoted from an embedded field: not f's sibling
			}
		} else {
			obj = f.Pkg().Scope().Lookup(name)
		}
		g, ok := obj.(*types.Func)
		if !ok || (g.Pkg() != from && !g.Exported()) {
			continue
		}
		if gs, ok := g.Type().(*types.Signature); ok && isVariantOf(gs, sig) {
			return g
		}
	}
	return nil
}

// isVariantOf reports whether gs is sig with a context.Context first, and
// possibly trailing variadic options where sig has none (the AWS SDK's
// GetObjectWithContext(ctx, in, opts...)): the call stays valid with the
// context inserted.
func isVariantOf(gs, sig *types.Signature) bool {
	n := sig.Params().Len()
	switch {
	case gs.Params().Len() == n+1 && gs.Variadic() == sig.Variadic():
	case gs.Params().Len() == n+2 && gs.Variadic() && !sig.Variadic():
	default:
		return false
	}
	if !isContext(gs.Params().At(0).Type()) {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
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
