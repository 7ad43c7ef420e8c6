package ctxprop

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// checkGoroutines reports function literals started with go, where a
// context is in scope, that can never return and never look at a
// context: they block on channels forever, long after the caller's
// context is cancelled. A goroutine that may return (a range over a
// channel someone closes, a loop with a break) is not reported: whether it
// ends is a question about its channels, not about contexts.
func (c *checker) checkGoroutines(fn *ssa.Function, scope *ctxScope, fl *flow) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok || !g.Pos().IsValid() || !fl.isLive(g) {
				continue
			}
			var lit *ssa.Function
			switch v := g.Call.Value.(type) {
			case *ssa.MakeClosure:
				lit, _ = v.Fn.(*ssa.Function)
			case *ssa.Function:
				lit = v
			}
			if lit == nil || lit.Parent() != fn || len(lit.Blocks) == 0 {
				continue
			}
			if mentionsContext(lit) || mayReturn(lit) {
				continue
			}
			block := blockingOp(lit)
			if !block.IsValid() {
				continue
			}
			c.rep.Reportf(g.Pos(), "this goroutine can never return and does not watch %s: it keeps blocking at line %d after %s is cancelled, so every call leaks it; select on %s.Done() and return",
				scope.expr, c.rep.Line(block), scope.expr, ctxVarName(scope))
		}
	}
}

func ctxVarName(scope *ctxScope) string {
	if scope.expr != scope.name {
		return scope.expr // r.Context()
	}
	return scope.name
}

// mentionsContext reports whether lit takes or captures a context, a
// request, or a channel it might be told to stop with: then it may watch
// them in ways this check does not follow.
func mentionsContext(lit *ssa.Function) bool {
	check := func(t types.Type) bool {
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		return isContext(t) || isRequest(t)
	}
	for _, p := range lit.Params {
		if check(p.Type()) {
			return true
		}
	}
	for _, fv := range lit.FreeVars {
		if check(fv.Type()) {
			return true
		}
	}
	for _, b := range lit.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				if f := ssax.Callee(call.Common()); f != nil && f.Name() == "Done" {
					return true
				}
				for _, a := range call.Common().Args {
					if check(a.Type()) {
						return true
					}
				}
			}
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && isStopChan(u.X) {
				return true
			}
		}
	}
	return false
}

// mayReturn reports whether some path from lit's entry reaches a return,
// or a call that ends the process or goroutine (a signal handler that
// exits is no leak). Nested closures it starts are not followed.
func mayReturn(lit *ssa.Function) bool {
	if len(lit.Blocks) == 0 {
		return false
	}
	q := cfg.Query{Target: func(instr ssa.Instruction) bool { return cfg.IsReturn(instr) || neverReturns(instr) }}
	return q.At(lit.Blocks[0], 0) != nil
}

// blockingOp returns the position of an operation in lit that blocks on a
// channel (receive, send, select without default), or token.NoPos.
func blockingOp(lit *ssa.Function) token.Pos {
	for _, b := range lit.Blocks {
		for _, instr := range b.Instrs {
			switch i := instr.(type) {
			case *ssa.UnOp:
				if i.Op == token.ARROW && i.Pos().IsValid() {
					return i.Pos()
				}
			case *ssa.Send:
				if i.Pos().IsValid() {
					return i.Pos()
				}
			case *ssa.Select:
				if i.Blocking && i.Pos().IsValid() {
					return i.Pos()
				}
			}
		}
	}
	return token.NoPos
}
