package ctxprop

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// freshContextFact marks a function that returns a fresh context: its
// context result always starts from context.Background() or
// context.TODO(), never from a context its caller passes in (it takes
// none). A caller with a context in scope that uses it drops its own.
type freshContextFact struct {
	Result int // index of the context among the results
}

func (*freshContextFact) AFact() {}

func (f *freshContextFact) String() string { return fmt.Sprintf("freshContext(result %d)", f.Result) }

// maxRounds bounds the rounds of fact inference within a package: a helper
// built on a helper built on Background is found in two.
const maxRounds = 3

// exportFreshFacts finds the package's functions that return fresh
// contexts and exports a fact for each, so that callers in this and other
// packages see through them.
func (c *checker) exportFreshFacts(funcs []*ssa.Function) {
	for round := 0; round < maxRounds; round++ {
		changed := false
		for _, fn := range funcs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || fn.Parent() != nil || c.exempt(fn) || c.pass.ImportObjectFact(obj, new(freshContextFact)) {
				continue
			}
			if idx, ok := c.returnsFresh(fn); ok {
				c.pass.ExportObjectFact(obj, &freshContextFact{Result: idx})
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

// returnsFresh reports whether every return of fn yields, as its first
// context result, a fresh context, and which result that is.
func (c *checker) returnsFresh(fn *ssa.Function) (int, bool) {
	sig := fn.Signature
	for i := 0; i < sig.Params().Len(); i++ {
		if t := sig.Params().At(i).Type(); isContext(t) || isRequest(t) {
			return 0, false
		}
	}
	idx := -1
	for i := 0; i < sig.Results().Len(); i++ {
		if isContext(sig.Results().At(i).Type()) {
			idx = i
			break
		}
	}
	if idx < 0 {
		return 0, false
	}
	returns := 0
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || b == fn.Recover {
			continue
		}
		if idx >= len(ret.Results) || !c.rootsFresh(ret.Results[idx]) {
			return 0, false
		}
		returns++
	}
	return idx, returns > 0
}

// maxVisits bounds the values rootsFresh looks at for one result.
const maxVisits = 64

// rootsFresh reports whether the context v is certainly derived from
// context.Background() or context.TODO() (or a fresh-context function)
// in this function.
func (c *checker) rootsFresh(v ssa.Value) bool {
	seen := make(map[ssa.Value]bool)
	var visit func(v ssa.Value) bool
	visit = func(v ssa.Value) bool {
		if seen[v] {
			return true // a loop phi: its other edges decide
		}
		if len(seen) >= maxVisits {
			return false
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Call:
			if src, _ := c.freshCall(v); src != "" {
				return true
			}
			if parent := derivedFrom(&v.Call); parent != nil {
				return visit(parent)
			}
		case *ssa.Extract:
			call, ok := v.Tuple.(*ssa.Call)
			if !ok {
				return false
			}
			if _, idx := c.freshCall(call); idx >= 0 && idx == v.Index {
				return true
			}
			if parent := derivedFrom(&call.Call); parent != nil && v.Index == 0 {
				return visit(parent)
			}
		case *ssa.Phi:
			for _, e := range v.Edges {
				if !visit(e) {
					return false
				}
			}
			return len(v.Edges) > 0
		case *ssa.MakeInterface:
			return visit(v.X)
		case *ssa.ChangeInterface:
			return visit(v.X)
		}
		return false
	}
	return visit(v)
}

// freshCall reports whether call makes a fresh context: context.Background,
// context.TODO, or a function with a freshContextFact. It returns how to
// name it in a message and the index of the context among the call's
// results (-1 if it is not fresh).
func (c *checker) freshCall(call *ssa.Call) (string, int) {
	f := ssax.Callee(&call.Call)
	if f == nil {
		return "", -1
	}
	if typesx.IsFunc(f, "context", "Background", "TODO") {
		return "context." + f.Name() + "()", 0
	}
	var fact freshContextFact
	if !call.Call.IsInvoke() && c.pass.ImportObjectFact(f, &fact) {
		name := f.Name()
		if ce := c.idx.Call(call.Pos()); ce != nil {
			name = types.ExprString(ce.Fun)
		}
		return name + "()", fact.Result
	}
	return "", -1
}

// derivedFrom returns the parent context of a call to one of the context
// package's derivation functions (WithCancel, WithValue, ...), or nil.
func derivedFrom(call *ssa.CallCommon) ssa.Value {
	f := ssax.Callee(call)
	if !typesx.IsFunc(f, "context", "WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause",
		"WithDeadline", "WithDeadlineCause", "WithValue", "WithoutCancel") || len(call.Args) == 0 {
		return nil
	}
	return call.Args[0]
}

// derivesContext reports whether call passes v to a function that takes a
// context and returns one, the shape of every derivation helper
// (namespaces.WithNamespace, metadata.NewOutgoingContext, a package's own
// withLease): the context goes on in its result, it is not consumed by
// the call.
func derivesContext(call *ssa.CallCommon, v ssa.Value) bool {
	if call.IsInvoke() {
		return false
	}
	sig := call.Signature()
	if sig == nil || contextResult(sig.Results()) < 0 {
		return false
	}
	for _, a := range call.Args {
		if a == v {
			return true
		}
	}
	return false
}

// contextResult returns the index of the first context.Context among
// results, or -1.
func contextResult(results *types.Tuple) int {
	for i := 0; i < results.Len(); i++ {
		if isContext(results.At(i).Type()) {
			return i
		}
	}
	return -1
}

// cancelHandedOn reports whether a derivation's cancel func (a result of
// type context.CancelFunc) is used other than by calling or deferring it
// directly: stored, returned, passed on, or captured by a func literal
// (`defer func() { if err != nil { cancel() } }()`). The derived context
// then lives as long as whoever holds the cancel decides.
func cancelHandedOn(call *ssa.Call) bool {
	for _, r := range ssax.Referrers(call) {
		ext, ok := r.(*ssa.Extract)
		if !ok || !typesx.IsCancelFunc(ext.Type()) {
			continue
		}
		for _, u := range ssax.Referrers(ext) {
			switch u := u.(type) {
			case *ssa.Call:
				if u.Call.Value != ssa.Value(ext) {
					return true
				}
			case *ssa.Defer:
				if u.Call.Value != ssa.Value(ext) {
					return true
				}
			case *ssa.DebugRef:
			default:
				return true
			}
		}
	}
	return false
}

// checkFreshContexts reports fresh contexts made where a context is in
// scope and handed, directly or derived, to a call.
func (c *checker) checkFreshContexts(fn *ssa.Function, scope *ctxScope, fl *flow) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !call.Pos().IsValid() || !fl.isLive(call) {
				continue
			}
			src, idx := c.freshCall(call)
			if src == "" {
				continue
			}
			var start ssa.Value = call
			if _, tuple := call.Type().(*types.Tuple); tuple {
				start = extractOf(call, idx)
				if start == nil {
					continue
				}
			}
			callee, ok := c.syncCallee(start)
			if !ok {
				continue
			}
			c.reportFresh(call, src, callee, scope)
		}
	}
}

func extractOf(call *ssa.Call, idx int) ssa.Value {
	for _, r := range ssax.Referrers(call) {
		if e, ok := r.(*ssa.Extract); ok && e.Index == idx {
			return e
		}
	}
	return nil
}

// syncCallee follows the fresh context start through derivations and
// returns the first call it is passed to, as written. ok is false when the
// context is never passed to a call, or when it leaves the function's
// synchronous flow: stored, returned, captured, sent, passed to a go or
// defer statement, or merged with another context. Those are how code
// deliberately detaches work from a request (a background job, cleanup
// that must run after cancellation, a context chosen at run time), and the
// analyzer cannot tell them from mistakes.
func (c *checker) syncCallee(start ssa.Value) (callee string, ok bool) {
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{start}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		if len(seen) >= maxAliases {
			return "", false
		}
		seen[v] = true
		for _, r := range ssax.Referrers(v) {
			switch r := r.(type) {
			case *ssa.Call:
				if r.Call.IsInvoke() && r.Call.Value == v {
					continue // ctx.Value(k), ctx.Done(): reading it, not passing it on
				}
				if derivedFrom(&r.Call) == v || derivesContext(&r.Call, v) {
					if cancelHandedOn(r) {
						// Its cancel func is stored, captured or called
						// only on failure: the derived context's life is
						// managed past this call, on purpose.
						return "", false
					}
					if tuple, isTuple := r.Type().(*types.Tuple); isTuple && tuple.Len() > 0 {
						if e := extractOf(r, max(contextResult(tuple), 0)); e != nil {
							work = append(work, e)
						}
					} else {
						work = append(work, r)
					}
					continue
				}
				if f := ssax.Callee(&r.Call); f != nil && (outlivesContext(f) || c.callIgnoresCancel(r, v, 0)) {
					// A cleanup that must outlive the caller's context,
					// or a callee that only reads the context's values
					// or checks it as a flag: nothing is lost.
					return "", false
				}
				if resultOutlives(r, false) {
					// What the call makes outlives this function: a
					// fresh context keeps it from ending with ours.
					return "", false
				}
				if callee == "" {
					callee = "the callee"
					if ce := c.idx.Call(r.Pos()); ce != nil {
						callee = types.ExprString(ce.Fun)
					}
				}
			case *ssa.MakeInterface:
				work = append(work, r)
			case *ssa.ChangeInterface:
				work = append(work, r)
			case *ssa.DebugRef, *ssa.BinOp:
			default:
				return "", false
			}
		}
	}
	return callee, callee != ""
}

func (c *checker) reportFresh(call *ssa.Call, src, callee string, scope *ctxScope) {
	ce := c.idx.Call(call.Pos())
	if ce == nil || c.rep.Silenced(ce.Pos()) {
		return
	}
	d := analysis.Diagnostic{
		Pos: ce.Pos(),
		End: ce.End(),
	}
	if typesx.IsFunc(ssax.Callee(&call.Call), "context", "Background", "TODO") {
		d.Message = fmt.Sprintf("%s passed to %s drops %s, the context in scope: %s is not cancelled when %s is and loses its deadline and values; pass %s, or context.WithoutCancel(%s) to detach on purpose",
			src, callee, scope.expr, callee, scope.expr, scope.expr, scope.expr)
		if c.resolvesAt(scope, ce.Pos()) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Use %s", scope.expr),
				TextEdits: []analysis.TextEdit{{Pos: ce.Pos(), End: ce.End(), NewText: []byte(scope.expr)}},
			}}
		}
	} else {
		d.Message = fmt.Sprintf("%s returns a context built from context.Background(), so %s drops %s, the context in scope: it is not cancelled when %s is and loses its deadline and values; pass %s (or a context derived from it)",
			src, callee, scope.expr, scope.expr, scope.expr)
	}
	c.rep.Report(d)
}

// cleanupWords name operations that must finish even when the caller's
// context is cancelled, and so are correctly given a fresh one: stopping
// a server from its own /stop handler, releasing a lock, rolling back.
var cleanupWords = []string{"shutdown", "stop", "close", "exit", "cleanup", "release", "unlock", "rollback", "abort", "revoke", "teardown", "drain"}

// outlivesContext reports whether f is such an operation, or attaches a
// context to a request explicitly ((*http.Request).WithContext, Clone).
func outlivesContext(f *types.Func) bool {
	if sig, ok := f.Type().(*types.Signature); ok && sig.Recv() != nil && isRequest(sig.Recv().Type()) {
		if f.Name() == "WithContext" || f.Name() == "Clone" {
			return true
		}
	}
	name := strings.ToLower(f.Name())
	for _, w := range cleanupWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// valuesOnly reports whether f belongs to a package that takes a context
// only for the values it carries (profiler labels, trace tasks, log
// attributes), where a fresh context loses nothing that can be cancelled.
func valuesOnly(f *types.Func) bool {
	if f.Pkg() == nil {
		return false
	}
	switch f.Pkg().Path() {
	case "log/slog", "runtime/pprof", "runtime/trace":
		return true
	}
	return isLogMethod(f)
}

// isLogMethod reports whether f is a logger's formatting method that takes
// a context (Printf(ctx, format, args...), Infof, Debugf...): loggers read
// trace IDs from the context; there is nothing to cancel. Interface
// methods are included, since that is how most code holds its logger.
func isLogMethod(f *types.Func) bool {
	sig, ok := f.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Params().Len() < 2 || !isContext(sig.Params().At(0).Type()) {
		return false
	}
	switch f.Name() {
	case "Printf", "Logf", "Debugf", "Infof", "Warnf", "Warningf", "Errorf", "Tracef":
		return types.Identical(sig.Params().At(1).Type(), types.Typ[types.String])
	}
	return false
}
