package ctxprop

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// A flow tells which instructions of a function run while its context may
// still be live. Code that runs only once a context is known to be done
// (after `<-ctx.Done()`, in a select case on it, under `ctx.Err() != nil`)
// or known to be missing (under `ctx == nil`) has no live context to pass
// on: the fresh context a graceful shutdown makes there is correct.
//
// Code reachable from such an observation, even if also reachable without
// one (the cleanup after a loop that leaves on `<-ctx.Done()` or on an
// error), is not live either: on the path where the context is done, the
// context in scope would make the cleanup fail at once, so a fresh context
// or a context-less call there is how it must be written.
type flow struct {
	live []bool // by block index: reached while the context may be live
	cut  []int  // by block index: index of the first done-receive, or -1
	done []bool // by block index: reachable once a context is seen done
}

// computeFlow walks fn's blocks from the entry without crossing an
// observation that a context is done or nil. It visits each block once.
func computeFlow(fn *ssa.Function) *flow {
	n := len(fn.Blocks)
	fl := &flow{live: make([]bool, n), cut: make([]int, n), done: make([]bool, n)}
	for i := range fl.cut {
		fl.cut[i] = -1
	}
	if n == 0 {
		return fl
	}
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	var doneStarts []*ssa.BasicBlock
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b.Index < 0 || b.Index >= n || fl.live[b.Index] {
			continue
		}
		fl.live[b.Index] = true
		stopped := false
		for i, instr := range b.Instrs {
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && isStopChan(u.X) {
				fl.cut[b.Index] = i
				stopped = true
				break
			}
		}
		if stopped {
			doneStarts = append(doneStarts, b.Succs...)
			continue
		}
		succs := b.Succs
		if len(succs) == 2 {
			if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
				switch contextGuard(iff.Cond, anyContextDone) {
				case guardTrueStops:
					doneStarts = append(doneStarts, succs[0])
					succs = succs[1:]
				case guardFalseStops:
					doneStarts = append(doneStarts, succs[1])
					succs = succs[:1]
				}
			}
		}
		stack = append(stack, succs...)
	}
	cfg.WalkBlocks(doneStarts, func(b *ssa.BasicBlock) cfg.Step {
		if b.Index >= 0 && b.Index < n {
			fl.done[b.Index] = true
		}
		return cfg.Descend
	})
	return fl
}

// isLive reports whether instr may run while the context is live, and
// never after it was seen done.
func (fl *flow) isLive(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil || b.Index < 0 || b.Index >= len(fl.live) || !fl.live[b.Index] || fl.done[b.Index] {
		return false
	}
	if cut := fl.cut[b.Index]; cut >= 0 {
		for i, x := range b.Instrs {
			if x == instr {
				return i < cut
			}
		}
	}
	return true
}

type guard int

const (
	guardNone       guard = iota
	guardTrueStops        // the true branch runs only once a context is done or nil
	guardFalseStops       // the false branch does
)

// A doneTest says which observations mean "the context is done".
type doneTest struct {
	stop   func(ch ssa.Value) bool // a receive from ch
	err    func(v ssa.Value) bool  // v != nil, for v a call of Err
	nilCtx bool                    // ctx == nil: there is no context
}

// anyContextDone treats the done channel or error of any context, a
// signal channel, and a nil context as the end of the live phase.
var anyContextDone = doneTest{stop: isStopChan, err: isErrCall, nilCtx: true}

// contextGuard classifies a branch condition: a select case receiving from
// a stop channel, ctx.Err() compared with nil, or ctx compared with nil.
func contextGuard(cond ssa.Value, t doneTest) guard {
	if t.nilCtx && isCancellationCheck(cond) {
		return guardTrueStops // errors.Is(err, context.Canceled): the work was cancelled
	}
	bin, ok := cond.(*ssa.BinOp)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return guardNone
	}
	x, y := bin.X, bin.Y
	if isNilConst(x) {
		x, y = y, x
	}
	eq := guardTrueStops
	ne := guardFalseStops
	if bin.Op == token.NEQ {
		eq, ne = ne, eq
	}
	if isNilConst(y) {
		if t.err(x) {
			return ne // ctx.Err() != nil: done
		}
		if t.nilCtx && isContext(x.Type()) {
			return eq // ctx == nil: missing
		}
		return guardNone
	}
	// select { case <-ctx.Done(): } compiles to `index == k`.
	if k, ok := y.(*ssa.Const); ok {
		if ex, ok := x.(*ssa.Extract); ok && ex.Index == 0 {
			if sel, ok := ex.Tuple.(*ssa.Select); ok && k.Value != nil {
				if i, ok := constInt(k); ok && i >= 0 && i < len(sel.States) {
					st := sel.States[i]
					if st.Dir == types.RecvOnly && t.stop(st.Chan) {
						return eq
					}
				}
			}
		}
	}
	return guardNone
}

func isNilConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}

func constInt(k *ssa.Const) (int, bool) {
	if b, ok := k.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return 0, false
	}
	i := k.Int64()
	return int(i), true
}

// isStopChan reports whether ch is a channel whose receive means the work
// is over: a Done() channel (of a context or anything shaped like one) or
// a channel of os.Signal.
func isStopChan(ch ssa.Value) bool {
	if c, ok := ch.Type().Underlying().(*types.Chan); ok && typesx.IsNamed(c.Elem(), "os", "Signal") {
		return true
	}
	call, ok := ch.(*ssa.Call)
	if !ok {
		return false
	}
	f := ssax.Callee(&call.Call)
	return f != nil && f.Name() == "Done"
}

// isErrCall reports whether v is the result of a context's Err method.
func isErrCall(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	f := ssax.Callee(&call.Call)
	if f == nil || f.Name() != "Err" {
		return false
	}
	recv := call.Call.Value
	if !call.Call.IsInvoke() {
		if len(call.Call.Args) == 0 {
			return false
		}
		recv = call.Call.Args[0]
	}
	return isContext(recv.Type())
}

// isCancellationCheck reports whether v is errors.Is(err, context.Canceled)
// or errors.Is(err, context.DeadlineExceeded): code under it handles a
// context that is already done.
func isCancellationCheck(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok || !typesx.IsFunc(ssax.Callee(&call.Call), "errors", "Is") || len(call.Call.Args) != 2 {
		return false
	}
	target := call.Call.Args[1]
	if mi, ok := target.(*ssa.MakeInterface); ok {
		target = mi.X
	}
	load, ok := target.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	g, ok := load.X.(*ssa.Global)
	return ok && typesx.IsObject(g.Object(), "context", "Canceled", "DeadlineExceeded")
}
