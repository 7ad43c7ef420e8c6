package ctxprop

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// A callSite is a static call of a function of the package.
type callSite struct {
	caller *ssa.Function
	call   ssa.CallInstruction
}

// packageCallers returns, for each function of the package that is only
// ever called directly, its call sites. A function used as a value
// (stored, passed, bound as a method value or expression) or a method
// that an interface call of the same name may reach is absent: code the
// analysis cannot see may call it.
func packageCallers(funcs []*ssa.Function) map[*ssa.Function][]callSite {
	callers := make(map[*ssa.Function][]callSite)
	asValue := make(map[types.Object]bool)
	invoked := make(map[string]bool)
	var ops []*ssa.Value
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var direct *ssa.Function
				if call, ok := instr.(ssa.CallInstruction); ok {
					if call.Common().IsInvoke() {
						invoked[call.Common().Method.Name()] = true
					} else if direct, _ = call.Common().Value.(*ssa.Function); direct != nil {
						callers[direct] = append(callers[direct], callSite{fn, call})
					}
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					if op == nil {
						continue
					}
					// A function or a bound-method or method-expression
					// wrapper of it, used other than as the callee.
					if f, ok := (*op).(*ssa.Function); ok && f != direct && f.Object() != nil {
						asValue[f.Object()] = true
					}
				}
			}
		}
	}
	for f := range callers {
		if asValue[f.Object()] || (f.Signature.Recv() != nil && invoked[f.Name()]) {
			delete(callers, f)
		}
	}
	return callers
}

// checkHelperFresh reports a helper that makes its own context.Background()
// (or TODO) for work that waits on it, while every one of its callers has
// a context in scope:
//
//	func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
//		s.refresh() // r.Context() is not passed on
//	}
//
//	func (s *Server) refresh() {
//		s.db.QueryContext(context.Background(), ...)
//	}
//
// The fix is a ctx parameter. Only unexported functions, whose every
// caller is visible, are considered, and only when
// each caller has a context in scope and is not exempt itself; the
// callers go into Related.
func (c *checker) checkHelperFresh(fn *ssa.Function, callers map[*ssa.Function][]callSite) {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil || obj.Exported() {
		return
	}
	if contextInScope(fn) != nil || c.exempt(fn) {
		return
	}
	sites := callers[fn]
	if len(sites) == 0 {
		return
	}
	var scopes []*ctxScope
	for _, s := range sites {
		scope := contextInScope(s.caller)
		if scope == nil || c.exempt(s.caller) || c.inDeferred(s.caller) {
			return
		}
		if _, ok := s.call.(*ssa.Call); !ok {
			return // a go or defer statement detaches the work on purpose
		}
		scopes = append(scopes, scope)
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !call.Pos().IsValid() {
				continue
			}
			f := ssax.Callee(&call.Call)
			if f == nil || f.Pkg() == nil || f.Pkg().Path() != "context" || (f.Name() != "Background" && f.Name() != "TODO") {
				continue
			}
			callee, ok := c.syncCallee(call)
			if !ok {
				continue
			}
			c.reportHelperFresh(fn, call, callee, sites, scopes)
		}
	}
}

func (c *checker) reportHelperFresh(fn *ssa.Function, call *ssa.Call, callee string, sites []callSite, scopes []*ctxScope) {
	ce := c.idx.Call(call.Pos())
	if ce == nil || c.rep.Silenced(ce.Pos()) {
		return
	}
	first := sites[0]
	who := "its caller"
	if len(sites) > 1 {
		who = fmt.Sprintf("all %d of its callers", len(sites))
	}
	d := analysis.Diagnostic{
		Pos: ce.Pos(),
		End: ce.End(),
		Message: fmt.Sprintf("context.%s() passed to %s in %s drops the context %s %s: %s (line %d) has %s in scope, but %s is not cancelled with it; give %s a ctx parameter and pass it",
			ssax.Callee(&call.Call).Name(), callee, fn.Name(), who, haveWord(len(sites)), first.caller.Name(), c.rep.Line(first.call.Pos()), scopes[0].expr, callee, fn.Name()),
	}
	for i, s := range sites {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos:     s.call.Pos(),
			Message: fmt.Sprintf("%s calls %s here with %s in scope", s.caller.Name(), fn.Name(), scopes[i].expr),
		})
	}
	c.rep.Report(d)
}

func haveWord(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}
