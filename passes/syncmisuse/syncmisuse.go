package syncmisuse

import (
	_ "embed"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports sync.WaitGroup and sync.Cond misuse that blocks or
// panics.
var Analyzer = &analysis.Analyzer{
	Name:     "syncmisuse",
	Doc:      analyzerdoc.MustExtract(doc, "syncmisuse"),
	URL:      analyzerdoc.URL("syncmisuse"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	Run:      run,
}

// A syncCall is one call of a WaitGroup or Cond method.
type syncCall struct {
	instr    ssa.Instruction // *ssa.Call or *ssa.Defer
	name     string          // Add, Done, Wait, Go; Signal, Broadcast
	cell     lockset.Mutex   // the WaitGroup or Cond
	deferred bool
	delta    int64 // Add's constant delta, 0 unknown
}

type checker struct {
	pass  *analysis.Pass
	rep   *report.Reporter
	locks *lockset.Result
	// calls holds the WaitGroup and Cond calls of each function.
	calls    map[*ssa.Function][]syncCall
	reported map[token.Pos]bool
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:     pass,
		rep:      report.New(pass),
		locks:    pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		calls:    make(map[*ssa.Function][]syncCall),
		reported: make(map[token.Pos]bool),
	}
	for _, fn := range ssainfo.SrcFuncs {
		c.calls[fn] = collect(fn)
	}
	for _, fn := range ssainfo.SrcFuncs {
		c.checkGoroutines(fn)
		c.checkWaitInLoop(fn)
	}
	c.checkConds(ssainfo.SrcFuncs)
	return nil, nil
}

// collect returns the WaitGroup and Cond calls of fn.
func collect(fn *ssa.Function) []syncCall {
	var out []syncCall
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var call *ssa.CallCommon
			deferred := false
			switch instr := instr.(type) {
			case *ssa.Call:
				call = &instr.Call
			case *ssa.Defer:
				call, deferred = &instr.Call, true
			default:
				continue
			}
			if call.IsInvoke() || len(call.Args) == 0 {
				continue
			}
			pkg, typ, name := typesx.MethodOf(ssax.Callee(call))
			if pkg != "sync" || (typ != "WaitGroup" && typ != "Cond") {
				continue
			}
			cell, ok := lockset.CellOf(call.Args[0])
			if !ok {
				continue
			}
			sc := syncCall{instr: instr, name: name, cell: cell, deferred: deferred}
			if name == "Add" && len(call.Args) == 2 {
				if k, ok := call.Args[1].(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
					sc.delta, _ = constant.Int64Val(k.Value)
				}
			}
			out = append(out, sc)
		}
	}
	return out
}

// goroutine is a go statement of fn and what its body does to the
// spawner's WaitGroups.
type goroutine struct {
	stmt *ssa.Go
	body *ssa.Function
	// adds and dones are the body's calls, with the cell mapped to the
	// spawner's identity.
	adds, dones []syncCall
	// handsOff is set when the body passes a WaitGroup on to other code
	// (a call, a closure): its Done may be there.
	handsOff map[lockset.Mutex]bool
}

// goroutines returns the go statements of fn whose body is known.
func (c *checker) goroutines(fn *ssa.Function) []goroutine {
	var out []goroutine
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok {
				continue
			}
			body := g.Call.StaticCallee()
			if body == nil || body.Blocks == nil {
				continue
			}
			if body.Origin() != nil {
				continue
			}
			gr := goroutine{stmt: g, body: body, handsOff: make(map[lockset.Mutex]bool)}
			calls, ok := c.calls[body]
			if !ok {
				calls = collect(body)
			}
			for _, sc := range calls {
				m, ok := c.locks.MapToCaller(&g.Call, body, sc.cell)
				if !ok {
					continue
				}
				mapped := sc
				mapped.cell = m
				switch sc.name {
				case "Add":
					gr.adds = append(gr.adds, mapped)
				case "Done":
					gr.dones = append(gr.dones, mapped)
				}
			}
			for _, m := range passedOn(body) {
				if mm, ok := c.locks.MapToCaller(&g.Call, body, m); ok {
					gr.handsOff[mm] = true
				}
			}
			out = append(out, gr)
		}
	}
	return out
}

// passedOn returns the WaitGroups fn hands to code other than their own
// methods: call arguments, closure bindings, stores.
func passedOn(fn *ssa.Function) []lockset.Mutex {
	var out []lockset.Mutex
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var vals []ssa.Value
			switch instr := instr.(type) {
			case ssa.CallInstruction:
				pkg, typ, _ := typesx.MethodOf(ssax.Callee(instr.Common()))
				if pkg == "sync" && (typ == "WaitGroup" || typ == "Cond") {
					continue
				}
				vals = instr.Common().Args
			case *ssa.MakeClosure:
				vals = instr.Bindings
			case *ssa.Store:
				vals = []ssa.Value{instr.Val}
			}
			for _, v := range vals {
				if !typesx.IsPointerTo(v.Type(), "sync", "WaitGroup") {
					continue
				}
				if m, ok := lockset.CellOf(v); ok {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// checkGoroutines reports, for the go statements of fn: an Add inside the
// goroutine it counts, an Add after the go statement whose goroutine calls
// Done, and a goroutine that can return without Done.
func (c *checker) checkGoroutines(fn *ssa.Function) {
	own := c.calls[fn]
	for _, g := range c.goroutines(fn) {
		// Add inside the goroutine, before its Done: the spawner's (or
		// another method's) Wait may run first and return early.
		for _, add := range g.adds {
			if add.delta < 0 || c.reported[add.instr.Pos()] {
				continue
			}
			if startsAfter(add.instr) {
				continue // the Add counts a goroutine the body starts next
			}
			if c.counted(own, g, add.cell) {
				// The goroutine is itself counted (Add before go, Done in
				// the body): the counter is above zero while it Adds for
				// the work it starts, which WaitGroup allows.
				continue
			}
			wait := c.waitFor(fn, g.stmt, add.cell)
			if wait == nil {
				continue
			}
			c.reported[add.instr.Pos()] = true
			c.rep.Report(analysis.Diagnostic{
				Pos:     add.instr.Pos(),
				Message: fmt.Sprintf("%s.Add is called inside the goroutine it counts: the Wait at line %d can run before it and return while the goroutine still runs; call %s.Add before the go statement", add.cell.Name(), c.line(wait.instr), add.cell.Name()),
				Related: []analysis.RelatedInformation{{Pos: wait.instr.Pos(), Message: "Wait"}, {Pos: g.stmt.Pos(), Message: "goroutine started here"}},
			})
		}
		doneCells := make(map[lockset.Mutex]bool)
		for _, d := range g.dones {
			doneCells[d.cell] = true
		}
		for cell := range doneCells {
			c.checkAddAfterGo(own, g, cell)
			c.checkMissingDone(fn, own, g, cell)
		}
	}
}

// counted reports whether goroutine g is counted on cell: an Add of cell
// precedes its go statement and its body calls cell.Done.
func (c *checker) counted(own []syncCall, g goroutine, cell lockset.Mutex) bool {
	done := false
	for _, d := range g.dones {
		done = done || d.cell == cell
	}
	if !done {
		return false
	}
	for _, sc := range own {
		if sc.name == "Add" && sc.cell == cell && !sc.deferred && cfg.Precedes(sc.instr, g.stmt) {
			return true
		}
	}
	return false
}

// blocks reports whether instr may wait for another goroutine: a
// receive, a select without default, a WaitGroup or Cond Wait.
func blocks(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Select:
		return instr.Blocking
	case *ssa.Call:
		pkg, typ, name := typesx.MethodOf(ssax.Callee(&instr.Call))
		return pkg == "sync" && (typ == "WaitGroup" || typ == "Cond") && name == "Wait"
	}
	return false
}

// startsAfter reports whether fn starts a goroutine (a go statement, or
// a func value handed to a call: wg.Go, a startGoRoutine helper) after
// instr: an Add there counts that goroutine, not fn's own.
func startsAfter(instr ssa.Instruction) bool {
	starts := func(x ssa.Instruction) bool {
		switch x := x.(type) {
		case *ssa.Go:
			return true
		case ssa.CallInstruction:
			for _, a := range x.Common().Args {
				if _, ok := a.Type().Underlying().(*types.Signature); ok {
					return true
				}
			}
		}
		return false
	}
	return cfg.PathExists(instr, starts, nil)
}

// waitFor returns a Wait on cell that can run after go statement g: in fn
// after g, or, for a field of a named type, in any function of the
// package.
func (c *checker) waitFor(fn *ssa.Function, g *ssa.Go, cell lockset.Mutex) *syncCall {
	for i, sc := range c.calls[fn] {
		if sc.name != "Wait" || sc.cell != cell {
			continue
		}
		// A receive, a blocking select or another Wait between the go
		// statement and this Wait may be the goroutine saying it has
		// counted itself: only a Wait reachable without one is a race.
		isWait := func(instr ssa.Instruction) bool { return instr == sc.instr }
		if cfg.PathExists(g, isWait, blocks) {
			return &c.calls[fn][i]
		}
	}
	if cell.Key.Kind != lockset.FieldKey && cell.Key.Kind != lockset.GlobalKey {
		return nil
	}
	var best *syncCall
	for f, calls := range c.calls {
		if f == fn {
			continue
		}
		for i, sc := range calls {
			if sc.name == "Wait" && sc.cell.Key == cell.Key && (best == nil || sc.instr.Pos() < best.instr.Pos()) {
				best = &c.calls[f][i]
			}
		}
	}
	return best
}

// checkAddAfterGo reports an Add of cell that runs after go statement g,
// whose goroutine calls cell.Done, when no Add of cell precedes g: the
// goroutine may call Done first, and the counter goes negative (a panic).
func (c *checker) checkAddAfterGo(own []syncCall, g goroutine, cell lockset.Mutex) {
	var after *syncCall
	for i, sc := range own {
		if sc.name != "Add" || sc.cell != cell || sc.deferred {
			continue
		}
		if cfg.Precedes(sc.instr, g.stmt) || sameLoopIterationBefore(sc.instr, g.stmt) {
			return // counted before the goroutine starts
		}
		if cfg.Precedes(g.stmt, sc.instr) && after == nil {
			after = &own[i]
		}
	}
	if after == nil || len(g.adds) > 0 || c.reported[after.instr.Pos()] {
		return
	}
	if donesPerItem(g, cell) {
		return // Done per item received: each Add precedes its item's send
	}
	c.reported[after.instr.Pos()] = true
	c.rep.Report(analysis.Diagnostic{
		Pos:     after.instr.Pos(),
		Message: fmt.Sprintf("%s.Add runs after the go statement at line %d whose goroutine calls %s.Done: if the goroutine finishes first the counter goes negative and Done panics, and a Wait in between returns early; call %s.Add before the go statement", cell.Name(), c.line(g.stmt), cell.Name(), cell.Name()),
		Related: []analysis.RelatedInformation{{Pos: g.stmt.Pos(), Message: "goroutine started here"}},
	})
}

// donesPerItem reports whether goroutine g calls cell.Done inside a loop
// of its body: it counts items (one Add per item sent to it), not itself.
func donesPerItem(g goroutine, cell lockset.Mutex) bool {
	loops := cfg.FindLoops(g.body)
	for _, d := range g.dones {
		if d.cell == cell && loops.Innermost(d.instr.Block()) != nil {
			return true
		}
	}
	return false
}

// sameLoopIterationBefore reports whether a runs before b in the same
// block (a go/ssa block never spans two loop iterations).
func sameLoopIterationBefore(a, b ssa.Instruction) bool {
	return a.Block() == b.Block() && cfg.Index(a) < cfg.Index(b)
}

// checkMissingDone reports a return of goroutine g's body that skips
// cell.Done, when the spawner counted the goroutine with an Add before
// starting it and waits for it: the Wait blocks forever.
func (c *checker) checkMissingDone(fn *ssa.Function, own []syncCall, g goroutine, cell lockset.Mutex) {
	if g.handsOff[cell] {
		return
	}
	counted := false
	for _, sc := range own {
		if sc.name == "Add" && sc.cell == cell && !sc.deferred && (cfg.Precedes(sc.instr, g.stmt)) {
			counted = true
		}
	}
	if !counted || len(g.adds) > 0 {
		return
	}
	wait := c.waitFor(fn, g.stmt, cell)
	if wait == nil {
		return
	}
	body := g.body
	if comparesWaitGroup(body) {
		return // `if wg != nil { defer wg.Done() }`: the nil path is not counted
	}
	if donesPerItem(g, cell) {
		return // Done per item, not per goroutine: the count is of items
	}
	loops := cfg.FindLoops(body)
	isDone := func(instr ssa.Instruction) bool {
		for _, d := range g.dones {
			if d.instr == instr {
				return true
			}
		}
		_, isPanic := instr.(*ssa.Panic)
		return isPanic
	}
	// The early return before Done, in straight-line code: a path
	// through a loop (leaving `for range ticker.C` or a bounded loop)
	// depends on data and timing.
	avoid := func(instr ssa.Instruction) bool {
		if isDone(instr) {
			return true
		}
		b := instr.Block()
		return b != nil && b.Instrs[0] == instr && loops.Innermost(b) != nil
	}
	ret := cfg.Query{Target: cfg.IsReturn, Avoid: avoid}.At(body.Blocks[0], 0)
	if ret == nil {
		return
	}
	pos := ret.Pos()
	if !pos.IsValid() {
		pos = g.stmt.Pos()
	}
	if c.reported[pos] {
		return
	}
	c.reported[pos] = true
	c.rep.Report(analysis.Diagnostic{
		Pos:     pos,
		Message: fmt.Sprintf("the goroutine started at line %d can return here without calling %s.Done: the Wait at line %d then blocks forever; defer %s.Done() first thing in the goroutine", c.line(g.stmt), cell.Name(), c.line(wait.instr), cell.Name()),
		Related: []analysis.RelatedInformation{{Pos: wait.instr.Pos(), Message: "Wait"}},
	})
}

// comparesWaitGroup reports whether fn compares a *sync.WaitGroup with
// something (nil): its Done is conditional on the WaitGroup's presence.
func comparesWaitGroup(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if bin, ok := instr.(*ssa.BinOp); ok && (bin.Op == token.EQL || bin.Op == token.NEQ) {
				if typesx.IsPointerTo(bin.X.Type(), "sync", "WaitGroup") || typesx.IsPointerTo(bin.Y.Type(), "sync", "WaitGroup") {
					return true
				}
			}
		}
	}
	return false
}

// checkWaitInLoop reports wg.Wait inside the loop that starts the
// goroutines calling wg.Done, when the loop itself does not Add: the
// counter was set before the loop for every goroutine, so the first Wait
// blocks for goroutines not started yet.
func (c *checker) checkWaitInLoop(fn *ssa.Function) {
	own := c.calls[fn]
	var loops *cfg.Loops
	for _, w := range own {
		if w.name != "Wait" || w.deferred {
			continue
		}
		if loops == nil {
			loops = cfg.FindLoops(fn)
		}
		l := loops.Innermost(w.instr.Block())
		if l == nil {
			continue
		}
		addInLoop, addBefore := false, false
		for _, sc := range own {
			if sc.name == "Add" && sc.cell == w.cell {
				if l.Contains(sc.instr.Block()) {
					addInLoop = true
				} else if cfg.Precedes(sc.instr, w.instr) {
					addBefore = true
				}
			}
		}
		if addInLoop || !addBefore {
			continue
		}
		for _, g := range c.goroutines(fn) {
			if !l.Contains(g.stmt.Block()) || len(g.adds) > 0 {
				continue
			}
			done := false
			for _, d := range g.dones {
				done = done || d.cell == w.cell
			}
			if !done || c.reported[w.instr.Pos()] {
				continue
			}
			c.reported[w.instr.Pos()] = true
			c.rep.Report(analysis.Diagnostic{
				Pos:     w.instr.Pos(),
				Message: fmt.Sprintf("%s.Wait inside the loop that starts the goroutines calling %s.Done: the counter was added before the loop for all of them, so the first Wait waits for goroutines not started yet and blocks forever; move the Wait after the loop", w.cell.Name(), w.cell.Name()),
				Related: []analysis.RelatedInformation{{Pos: g.stmt.Pos(), Message: "goroutine started here"}},
			})
			break
		}
	}
}

// checkConds reports cond.Wait on a sync.Cond that nothing in its scope
// signals: no Signal or Broadcast on the same cond anywhere in the
// package, for a cond other packages cannot reach (a local, an unexported
// package variable, an unexported field), and the cond never handed to
// other code.
func (c *checker) checkConds(funcs []*ssa.Function) {
	signaled := make(map[lockset.Key]bool)
	escaped := make(map[lockset.Key]bool)
	for _, fn := range funcs {
		for _, sc := range c.calls[fn] {
			if sc.name == "Signal" || sc.name == "Broadcast" {
				signaled[sc.cell.Key] = true
			}
		}
		for _, k := range condsPassedOn(fn) {
			escaped[k] = true
		}
	}
	for _, fn := range funcs {
		for _, sc := range c.calls[fn] {
			if sc.name != "Wait" || signaled[sc.cell.Key] || escaped[sc.cell.Key] || !private(sc.cell.Key) {
				continue
			}
			if _, isCondCall := sc.instr.(*ssa.Call); !isCondCall {
				continue
			}
			if !typesx.IsPointerTo(sc.instr.(*ssa.Call).Call.Args[0].Type(), "sync", "Cond") {
				continue
			}
			c.rep.Report(analysis.Diagnostic{
				Pos:     sc.instr.Pos(),
				Message: fmt.Sprintf("%s.Wait can never return: nothing calls %s.Signal or %s.Broadcast; signal the condition where it changes", sc.cell.Name(), sc.cell.Name(), sc.cell.Name()),
			})
		}
	}
}

// private reports whether code outside the package cannot reach the cell
// of key k.
func private(k lockset.Key) bool {
	switch k.Kind {
	case lockset.FieldKey, lockset.GlobalKey:
		for _, part := range splitPath(k.Path) {
			if token.IsExported(part) {
				return false
			}
		}
		return true
	}
	return false
}

func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return out
}

// condsPassedOn returns the keys of the *sync.Cond values fn hands to
// other code (call arguments other than its own methods, closures it
// does not simply call, stores, interfaces): their Signal may be there.
func condsPassedOn(fn *ssa.Function) []lockset.Key {
	var out []lockset.Key
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var vals []ssa.Value
			switch instr := instr.(type) {
			case ssa.CallInstruction:
				pkg, typ, _ := typesx.MethodOf(ssax.Callee(instr.Common()))
				if pkg == "sync" && typ == "Cond" {
					continue
				}
				vals = instr.Common().Args
			case *ssa.Store:
				vals = []ssa.Value{instr.Val}
			case *ssa.MakeInterface:
				vals = []ssa.Value{instr.X}
			}
			for _, v := range vals {
				if !typesx.IsPointerTo(v.Type(), "sync", "Cond") {
					continue
				}
				if _, isAlloc := v.(*ssa.Call); isAlloc {
					continue // sync.NewCond's result stored into its field
				}
				if m, ok := lockset.CellOf(v); ok {
					out = append(out, m.Key)
				}
			}
		}
	}
	return out
}

func (c *checker) line(instr ssa.Instruction) int {
	return c.pass.Fset.Position(instr.Pos()).Line
}
