package lockleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports locks not released on some path of the function that
// took them.
var Analyzer = &analysis.Analyzer{
	Name:     "lockleak",
	Doc:      analyzerdoc.MustExtract(doc, "lockleak"),
	URL:      analyzerdoc.URL("lockleak"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer, astindex.Analyzer},
	Run:      run,
}

// checker holds the state of one pass.
type checker struct {
	pass  *analysis.Pass
	rep   *report.Reporter
	locks *lockset.Result
	src   *astindex.Index
	// unlockedByCallers holds the functions whose callers in this package
	// unlock, after the call, a mutex the function locked.
	unlockedByCallers map[*ssa.Function]map[lockset.Key]bool
	reported          map[token.Pos]bool
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:              pass,
		rep:               report.New(pass),
		locks:             pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		src:               pass.ResultOf[astindex.Analyzer].(*astindex.Index),
		unlockedByCallers: make(map[*ssa.Function]map[lockset.Key]bool),
		reported:          make(map[token.Pos]bool),
	}
	funcs := ssainfo.SrcFuncs
	c.learnFromCallers(funcs)
	for _, fn := range funcs {
		c.checkFunction(fn)
	}
	return nil, nil
}

// learnFromCallers records, for each function of the package, the mutexes
// its callers unlock themselves after calling it: such a function returns
// holding the lock on purpose (on the paths where it reports success).
func (c *checker) learnFromCallers(funcs []*ssa.Function) {
	for _, fn := range funcs {
		f := c.locks.Func(fn)
		released := make(map[lockset.Mutex]bool)
		for _, op := range f.Ops {
			if op.Kind.Releases() {
				released[op.Mutex] = true
			}
		}
		for _, op := range f.Ops {
			if op.Callee == nil || !op.Kind.Acquires() || !released[op.Mutex] {
				continue
			}
			callee := op.Callee
			if callee.Origin() != nil {
				callee = callee.Origin()
			}
			m := c.unlockedByCallers[callee]
			if m == nil {
				m = make(map[lockset.Key]bool)
				c.unlockedByCallers[callee] = m
			}
			m[op.Mutex.Key] = true
		}
	}
}

// checkFunction reports the leaks of one function.
func (c *checker) checkFunction(fn *ssa.Function) {
	f := c.locks.Func(fn)
	if !f.OK || len(f.Ops) == 0 {
		return
	}
	// The mutexes the function itself releases somewhere: a function
	// that never does returns holding them by design.
	releases := make(map[lockset.Mutex][]*lockset.Op)
	for _, op := range f.Ops {
		if op.Kind.Releases() {
			releases[op.Mutex] = append(releases[op.Mutex], op)
		}
	}
	if len(releases) == 0 {
		return
	}
	if lockReturning.MatchString(fn.Name()) {
		return
	}
	if yieldReleases(c.locks, fn) {
		// A range-over-func loop body (a synthetic yield closure the
		// iterator calls) unlocks: which returns follow that unlock is
		// in code go/ssa builds around the iterator call, not paths the
		// model follows.
		return
	}
	var loops *cfg.Loops
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		last := b.Instrs[len(b.Instrs)-1]
		if ret, ok := last.(*ssa.Return); ok {
			for _, h := range f.HeldAt(ret) {
				if c.leaks(f, h, releases) {
					c.reportReturn(fn, ret, h, token.NoPos)
				}
			}
			// Held on some path only: an Unlock under a condition. The
			// Lock must be unconditional (its block dominates the
			// return) so that the unreleased path is not one where the
			// Lock never ran.
			for _, h := range f.MayHeldAt(ret) {
				if h.Op == nil || h.Op.Callee != nil || h.Op.Instr.Block() == nil || !h.Op.Instr.Block().Dominates(b) {
					continue
				}
				if c.leaks(f, h, releases) && unreleasedPath(h.Op, ret, releases[h.Mutex]) {
					c.reportReturn(fn, ret, h, token.NoPos)
				}
			}
		}
	}
	// Leaving a loop (break) or going round it (continue) with the lock
	// the loop body took still held.
	for _, op := range f.Ops {
		if op.Callee != nil || !op.Kind.Acquires() || op.Deferred {
			continue
		}
		if loops == nil {
			loops = cfg.FindLoops(fn)
		}
		l := loops.Innermost(op.Instr.Block())
		if l == nil {
			continue
		}
		h := lockset.Held{Mutex: op.Mutex, Read: op.Read(), Op: op}
		if !c.leaks(f, h, releases) {
			continue
		}
		c.checkContinue(f, l, op)
		c.checkBreak(f, l, op, h)
	}
}

// yieldReleases reports whether a range-over-func body of fn releases a
// lock.
func yieldReleases(locks *lockset.Result, fn *ssa.Function) bool {
	for _, anon := range fn.AnonFuncs {
		if anon.Synthetic != "range-over-func yield" {
			continue
		}
		for _, op := range locks.Func(anon).Ops {
			if op.Kind.Releases() {
				return true
			}
		}
		if yieldReleases(locks, anon) {
			return true
		}
	}
	return false
}

// lockReturning matches the names of functions that take a lock for their
// caller: lock, lockShard, rlockAll, acquireLocked, tryLock, mustLock.
var lockReturning = regexp.MustCompile(`(?:^|[a-z0-9_])(?:Lock|RLock|Locked|Acquire)(?:[A-Z0-9_]|$)|^(?:r?lock|acquire|tryr?lock|must(?:r)?lock)(?:[A-Z0-9_]|$)`)

// leaks reports whether a hold h, found where the function returns or
// goes round a loop, is a leak: the function took it (not a deferred
// unlock's), releases it on other paths, and neither its name nor its
// callers say it returns holding it on purpose.
func (c *checker) leaks(f *lockset.Func, h lockset.Held, releases map[lockset.Mutex][]*lockset.Op) bool {
	if h.Deferred || h.Op == nil || !h.Op.Pos().IsValid() {
		return false
	}
	if !h.Op.Fresh {
		// Re-taken after unlocking the caller's hold (c.mu.Unlock();
		// slow(); c.mu.Lock(); return): the caller expects it held.
		return false
	}
	if h.Op.Callee != nil {
		// Taken by a helper that returns holding it (Begin, WriteMode):
		// the function runs a protocol of helpers whose other half may
		// be anywhere; only a Lock the function calls itself is its own.
		return false
	}
	if len(releases[h.Mutex]) == 0 {
		return false
	}
	if h.Mutex.Base == nil {
		return false
	}
	fn := f.Fn
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	if c.unlockedByCallers[fn][h.Mutex.Key] {
		return false
	}
	// A closure's lock may be released by the function that runs it.
	if fn.Parent() != nil {
		if _, fv := h.Mutex.Base.(*ssa.FreeVar); fv {
			return false
		}
	}
	if c.signalsHold(f, h.Mutex) {
		return false
	}
	return !c.escapes(f, h.Mutex)
}

// signalsHold reports whether the function tells its caller by a boolean
// result whether it returns holding m: every return holding m returns the
// constant true at one index, every other return false there (a TryLock
// or lockIfPresent-style function, whatever its name).
func (c *checker) signalsHold(f *lockset.Func, m lockset.Mutex) bool {
	res := f.Fn.Signature.Results()
	for idx := 0; idx < res.Len(); idx++ {
		ok, sawHeld := true, false
		for _, b := range f.Fn.Blocks {
			if len(b.Instrs) == 0 {
				continue
			}
			ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !isRet || idx >= len(ret.Results) {
				continue
			}
			held := false
			for _, h := range f.MayHeldAt(ret) {
				held = held || (h.Mutex == m && !h.Deferred)
			}
			k, isConst := ret.Results[idx].(*ssa.Const)
			if !isConst || k.Value == nil || k.Value.Kind() != constant.Bool {
				ok = false
				break
			}
			if constant.BoolVal(k.Value) != held {
				ok = false
				break
			}
			sawHeld = sawHeld || held
		}
		if ok && sawHeld {
			return true
		}
	}
	return false
}

// escapes reports whether the function hands the mutex to code the model
// cannot follow: a method value (unlock := mu.Unlock), a closure binding,
// a call of an unknown function or of one that stores it.
func (c *checker) escapes(f *lockset.Func, m lockset.Mutex) bool {
	for _, b := range f.Fn.Blocks {
		for _, instr := range b.Instrs {
			var vals []ssa.Value
			switch instr := instr.(type) {
			case *ssa.MakeClosure:
				vals = instr.Bindings
				if c.closureReleases(instr, m) {
					return true
				}
			case ssa.CallInstruction:
				if _, _, ok := lockset.SyncCall(instr.Common()); ok {
					continue
				}
				if g, isGo := instr.(*ssa.Go); isGo {
					// A goroutine that unlocks it: the lock is handed over.
					for _, op := range c.locks.CallOps(g, &g.Call) {
						if op.Kind.Releases() && op.Mutex.Key == m.Key {
							return true
						}
					}
				}
				vals = instr.Common().Args
			case *ssa.Store:
				vals = []ssa.Value{instr.Val}
			case *ssa.MakeInterface:
				vals = []ssa.Value{instr.X}
			case *ssa.Return:
				vals = instr.Results // handed to the caller: lock = &c.rlock
			case *ssa.Phi:
				vals = instr.Edges
			}
			for _, v := range vals {
				if mm, ok := lockset.MutexOf(v); ok && mm.Base == m.Base && mm.Path == m.Path {
					return true
				}
			}
		}
	}
	return false
}

// closureReleases reports whether mc binds m's base into a closure or a
// method value that unlocks m (tx.closemuRUnlockRelease handed to the
// caller as its release function).
func (c *checker) closureReleases(mc *ssa.MakeClosure, m lockset.Mutex) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	root := lockset.Root{Kind: lockset.FreeVarRoot, Path: m.Path}
	if fn.Synthetic != "" && strings.HasSuffix(fn.Name(), "$bound") {
		obj, _ := fn.Object().(*types.Func)
		if obj == nil {
			return false
		}
		fn = fn.Prog.FuncValue(obj)
		root.Kind = lockset.ParamRoot
	}
	if fn == nil {
		return false
	}
	for j, bv := range mc.Bindings {
		if a, ok := bv.(*ssa.Alloc); ok {
			// A variable captured by reference: its stored value.
			if st := chanflow.StoredOnce(a); st != nil {
				bv = st
			}
		}
		if bv != m.Base {
			continue
		}
		root.Index = j
		sum := c.locks.Summary(fn)
		if sum == nil {
			continue
		}
		for _, e := range sum.Locks {
			if e.Root == root && e.Effect&(lockset.Releases|lockset.Expects) != 0 {
				return true
			}
		}
	}
	return false
}

// reportReturn reports h still held at ret.
func (c *checker) reportReturn(fn *ssa.Function, ret *ssa.Return, h lockset.Held, exit token.Pos) {
	pos := ret.Pos()
	where := "this return"
	if !pos.IsValid() {
		pos = ssax.BodyEnd(fn)
		where = "the end of the function"
	}
	if !pos.IsValid() || c.reported[pos] {
		return
	}
	c.reported[pos] = true
	name := h.Mutex.Name()
	line := c.pass.Fset.Position(h.Op.Pos()).Line
	unlock := "Unlock"
	if h.Read {
		unlock = "RUnlock"
	}
	msg := fmt.Sprintf("%s locked at line %d is still held at %s: every later Lock of %s blocks forever; call %s.%s() before returning, or defer it right after the Lock", name, line, where, name, name, unlock)
	if exit.IsValid() {
		msg = fmt.Sprintf("%s locked at line %d is still held when the loop is left at line %d and the function returns: every later Lock of %s blocks forever; call %s.%s() before leaving the loop", name, line, c.pass.Fset.Position(exit).Line, name, name, unlock)
	}
	related := []analysis.RelatedInformation{{Pos: h.Op.Pos(), Message: fmt.Sprintf("%s locked here", name)}}
	c.rep.Report(analysis.Diagnostic{Pos: pos, Message: msg, Related: related})
}

// checkContinue reports a Lock taken in every iteration of loop l that
// may still be held, from the previous iteration, when the loop comes
// round to it: some path skips the Unlock (a continue).
func (c *checker) checkContinue(f *lockset.Func, l *cfg.Loop, op *lockset.Op) {
	b := op.Instr.Block()
	for _, latch := range l.Latches {
		if !b.Dominates(latch) {
			return // taken only in some iterations: data decides
		}
	}
	carried := false
	for _, h := range f.MayHeldAt(op.Instr) {
		if h.Mutex == op.Mutex && !h.Deferred {
			carried = true
		}
	}
	for _, h := range f.HeldAt(op.Instr) {
		if h.Mutex == op.Mutex {
			return // held on every path: doublelock's finding
		}
	}
	if !carried || c.reported[op.Pos()] {
		return
	}
	// The lock reaches the loop head only through a back edge: every
	// path from the function's entry arrives unlocked.
	c.reported[op.Pos()] = true
	name := op.Mutex.Name()
	msg := fmt.Sprintf("%s may still be held here when the loop comes round: a path through the loop body skips the unlock, and this Lock then blocks forever", name)
	var related []analysis.RelatedInformation
	if cont := c.branchIn(op, token.CONTINUE); cont != nil {
		msg = fmt.Sprintf("%s may still be held here when the loop comes round: the continue at line %d skips the unlock, and this Lock then blocks forever; unlock before continue", name, c.pass.Fset.Position(cont.Pos()).Line)
		related = append(related, analysis.RelatedInformation{Pos: cont.Pos(), Message: "continue with " + name + " held"})
	}
	c.rep.Report(analysis.Diagnostic{Pos: op.Pos(), Message: msg, Related: related})
}

// branchIn returns the continue (tok CONTINUE) or break (tok BREAK)
// statement of op's loop that follows op in the source, if exactly one
// does: the statement that leaves the critical section.
func (c *checker) branchIn(op *lockset.Op, tok token.Token) *ast.BranchStmt {
	loop := c.src.EnclosingLoop(op.Pos())
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body == nil {
		return nil
	}
	var found []*ast.BranchStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
			return false // their branches are not this loop's
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return tok == token.CONTINUE // a break there leaves the switch
		case *ast.BranchStmt:
			if n.Tok == tok && n.Label == nil && n.Pos() > op.Pos() {
				found = append(found, n)
			}
		}
		return true
	})
	if len(found) == 1 {
		return found[0]
	}
	return nil
}

// unreleasedPath reports whether some path from the acquisition op to ret
// passes none of the releases, taking only branches consistent with the
// flags it has already tested: `locked := true` ... `if cond { Unlock;
// locked = false }` ... `if locked { Unlock }` releases on every feasible
// path, although the lockset, which merges paths, may see it held.
func unreleasedPath(op *lockset.Op, ret ssa.Instruction, releases []*lockset.Op) bool {
	released := make(map[ssa.Instruction]bool, len(releases))
	for _, r := range releases {
		if r.Instr != nil {
			released[r.Instr] = true
		}
	}
	return cfg.PathExistsCorrelated(op.Instr,
		func(instr ssa.Instruction) bool { return instr == ret },
		func(instr ssa.Instruction) bool { return released[instr] })
}

// checkBreak reports a lock held on an edge that leaves loop l (a break,
// a return inside the loop is a return) when the function then returns
// without releasing it.
func (c *checker) checkBreak(f *lockset.Func, l *cfg.Loop, op *lockset.Op, h lockset.Held) {
	fn := f.Fn
	for _, b := range l.Blocks(fn) {
		for i, s := range b.Succs {
			if l.Contains(s) {
				continue
			}
			must, _ := f.HeldOnEdge(b, i)
			held := false
			for _, x := range must {
				if x.Mutex == op.Mutex && x.Op == op && !x.Deferred {
					held = true
				}
			}
			if !held {
				continue
			}
			// From the exit, a return where the lock this op took (under
			// whatever name a phi gave it since) may still be held.
			heldAt := func(instr ssa.Instruction) bool {
				if !cfg.IsReturn(instr) {
					return false
				}
				for _, x := range f.MayHeldAt(instr) {
					if x.Op == op && !x.Deferred {
						return true
					}
				}
				return false
			}
			var ret ssa.Instruction
			if len(s.Instrs) > 0 {
				ret = cfg.Query{Target: heldAt}.At(s, 0)
			}
			if ret == nil {
				continue
			}
			exit := token.NoPos
			if br := c.branchIn(op, token.BREAK); br != nil {
				exit = br.Pos()
			}
			c.reportReturn(fn, ret.(*ssa.Return), h, exit)
			return
		}
	}
}
