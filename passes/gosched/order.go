package gosched

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// checkOrdering reports runtime.Gosched calls that fn uses to order itself
// after a goroutine it started: right after the go statement, or before
// reading a variable that goroutine writes. Gosched only offers the
// processor to other goroutines; it neither waits for them nor orders
// memory.
func (c *checker) checkOrdering(fn *ssa.Function) {
	var gos []*ssa.Go
	var yields []*ssa.Call
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				gos = append(gos, instr)
			case *ssa.Call:
				if instr.Pos().IsValid() && c.cls.classify(instr, 0).yields {
					yields = append(yields, instr)
				}
			}
		}
	}
	if len(gos) == 0 || len(yields) == 0 {
		return
	}
	var loops *cfg.Loops
	var written map[ssa.Value]goWrite
	for _, y := range yields {
		if c.rep.Silenced(y.Pos()) {
			continue
		}
		if loops == nil {
			loops = cfg.FindLoops(fn)
			written = goroutineWrites(gos)
		}
		// Gosched inside a loop is either cooperative yielding or part of
		// a spin-wait, which checkSpins judges.
		if loops.Innermost(y.Block()) == nil {
			if load, w, ok := c.readAfter(y, written); ok {
				rel := []analysis.RelatedInformation{
					report.Related(load.Pos(), "the read"),
					report.Related(w.store, "the write in the goroutine"),
					report.Related(w.goPos, "the goroutine is started here"),
				}
				c.rep.ReportRelatedf(y.Pos(), rel, "runtime.Gosched is not a memory barrier: the read of %s at line %d races with the write at line %d in the goroutine started at line %d, and may see the old value; wait for the goroutine with a channel or sync.WaitGroup",
					nameOf(load.X), c.rep.Line(load.Pos()), c.rep.Line(w.store), c.rep.Line(w.goPos))
				continue
			}
		}
		g := goJustBefore(y)
		if g == nil || c.waitsNext(y) || c.joinedLater(fn, g, y) {
			continue
		}
		c.rep.ReportRelatedf(y.Pos(), []analysis.RelatedInformation{report.Related(g.Pos(), "the goroutine is started here")}, "runtime.Gosched does not wait for the goroutine started at line %d: it may not have run, or not finished, when this function goes on; synchronize with a channel or sync.WaitGroup",
			c.rep.Line(g.Pos()))
	}
}

// goJustBefore returns the go statement that y immediately follows in its
// block, ignoring instructions that only compute values (the closure, its
// captured variables).
func goJustBefore(y *ssa.Call) *ssa.Go {
	b := y.Block()
	i := cfg.Index(y)
	for j := i - 1; j >= 0; j-- {
		switch instr := b.Instrs[j].(type) {
		case *ssa.Go:
			return instr
		case *ssa.DebugRef, *ssa.Store, *ssa.Alloc, *ssa.MakeClosure:
			continue
		case *ssa.Call:
			return nil
		case ssa.Value:
			continue
		}
		return nil
	}
	return nil
}

// waitsNext reports whether the first thing y's block does after y is to
// block (a receive, a select, wg.Wait, ...): the Gosched is then merely
// redundant, and the program is ordered by what follows.
func (c *checker) waitsNext(y *ssa.Call) bool {
	b := y.Block()
	for _, instr := range b.Instrs[cfg.Index(y)+1:] {
		info := c.cls.classify(instr, 0)
		if info.effect == blocking {
			return true
		}
		if call, ok := instr.(*ssa.Call); ok && isWait(call.Common()) {
			return true
		}
		if info.effect != idle || info.yields {
			return false
		}
		if _, ok := instr.(*ssa.Return); ok {
			return false
		}
	}
	return false
}

// joinedLater reports whether fn, somewhere after the yield y, waits for
// the goroutine g started: it receives from a channel the goroutine closes
// or sends on, or waits on a WaitGroup the goroutine is Done on. Code that
// joins its goroutine this way already synchronizes; a Gosched right after
// the go statement then only biases the schedule, typically in a test that
// exercises two interleavings on purpose (start Serve, yield, Close, wait
// for Serve to return), and nothing relies on the goroutine having run.
func (c *checker) joinedLater(fn *ssa.Function, g *ssa.Go, y *ssa.Call) bool {
	flow := c.chans.Func(fn)
	if flow == nil {
		return false
	}
	for _, ch := range flow.Chans {
		signalled := false
		for _, op := range ch.Ops {
			if op.Go == g && (op.Kind == chanflow.Close || op.Kind.IsSend()) {
				signalled = true
				break
			}
		}
		if !signalled {
			continue
		}
		for _, op := range ch.Ops {
			if op.Spawned || !op.Kind.IsRecv() || op.Instr == nil {
				continue
			}
			recv := op.Instr
			if cfg.PathExists(y, func(i ssa.Instruction) bool { return i == recv }, nil) {
				return true
			}
		}
	}
	started := chanflow.StartedFunction(g)
	if started == nil || !callsDone(started) {
		return false
	}
	return cfg.PathExists(y, func(i ssa.Instruction) bool {
		call, ok := i.(*ssa.Call)
		if !ok {
			return false
		}
		_, wait := chanflow.IsGroupWait(call)
		return wait
	}, nil)
}

// callsDone reports whether fn calls (*sync.WaitGroup).Done, directly or in
// a defer.
func callsDone(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok && ssax.IsMethodCall(call.Common(), "sync", "WaitGroup", "Done") {
				return true
			}
		}
	}
	return false
}

// isWait reports whether call is a standard library call that waits for
// other goroutines: WaitGroup.Wait, Cond.Wait, Mutex.Lock, time.Sleep.
func isWait(call *ssa.CallCommon) bool {
	fn := call.StaticCallee()
	if fn == nil {
		return false
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	recv := typesx.RecvTypeName(obj.Signature())
	switch obj.Pkg().Path() {
	case "sync":
		return (recv == "WaitGroup" || recv == "Cond") && obj.Name() == "Wait" ||
			(recv == "Mutex" || recv == "RWMutex") && (obj.Name() == "Lock" || obj.Name() == "RLock")
	case "time":
		return recv == "" && obj.Name() == "Sleep"
	}
	return false
}

// A goWrite is a store, inside a goroutine's function literal, to a
// variable of the function that started it.
type goWrite struct {
	goPos, store token.Pos
	g            *ssa.Go
}

// goroutineWrites maps each variable (an Alloc of fn, or a package
// variable) that a goroutine started by one of gos stores to, to that
// store.
func goroutineWrites(gos []*ssa.Go) map[ssa.Value]goWrite {
	out := make(map[ssa.Value]goWrite)
	for _, g := range gos {
		var lit *ssa.Function
		var bindings []ssa.Value
		switch f := g.Call.Value.(type) {
		case *ssa.MakeClosure:
			lit, _ = f.Fn.(*ssa.Function)
			bindings = f.Bindings
		case *ssa.Function: // a literal that captures nothing
			if f.Parent() != nil {
				lit = f
			}
		}
		if lit == nil {
			continue
		}
		for _, b := range lit.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || !st.Pos().IsValid() {
					continue
				}
				var cell ssa.Value
				switch addr := st.Addr.(type) {
				case *ssa.Global:
					cell = addr
				case *ssa.FreeVar:
					for i, fv := range lit.FreeVars {
						if fv == addr && i < len(bindings) {
							cell = bindings[i]
						}
					}
				}
				if cell == nil {
					continue
				}
				if _, dup := out[cell]; !dup {
					out[cell] = goWrite{goPos: g.Pos(), store: st.Pos(), g: g}
				}
			}
		}
	}
	return out
}

// readAfter returns the first load, after y and before anything that could
// synchronize, of a variable that a goroutine started before y writes.
// It follows y's block and then the chain of blocks that only it leads to.
func (c *checker) readAfter(y *ssa.Call, written map[ssa.Value]goWrite) (*ssa.UnOp, goWrite, bool) {
	if len(written) == 0 {
		return nil, goWrite{}, false
	}
	b := y.Block()
	instrs := b.Instrs[cfg.Index(y)+1:]
	for range len(y.Parent().Blocks) {
		for _, instr := range instrs {
			if load, ok := instr.(*ssa.UnOp); ok && load.Op == token.MUL {
				if w, ok := written[load.X]; ok && load.Pos().IsValid() && cfg.Precedes(w.g, y) {
					return load, w, true
				}
			}
			info := c.cls.classify(instr, 0)
			if info.effect == blocking {
				return nil, goWrite{}, false
			}
			if call, ok := instr.(*ssa.Call); ok && (info.effect != idle || isWait(call.Common())) {
				return nil, goWrite{}, false
			}
			if info.locks {
				return nil, goWrite{}, false
			}
		}
		if len(b.Succs) != 1 || len(b.Succs[0].Preds) != 1 {
			break
		}
		b = b.Succs[0]
		instrs = b.Instrs
	}
	return nil, goWrite{}, false
}
