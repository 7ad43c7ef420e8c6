package gosched

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// checkSpins reports the spin-waits among fn's loops, innermost first; a
// loop that contains a reported loop is not reported again.
func (c *checker) checkSpins(fn *ssa.Function) {
	if len(fn.Blocks) == 0 {
		return
	}
	loops := cfg.FindLoops(fn)
	all := loops.All()
	var reported []*cfg.Loop
	for i := len(all) - 1; i >= 0; i-- { // smallest first
		l := all[i]
		skip := false
		for _, r := range reported {
			if l.Contains(r.Header) {
				skip = true
				break
			}
		}
		if skip {
			continue
		}
		if c.checkLoop(fn, loops, l) {
			reported = append(reported, l)
		}
	}
}

// loopInfo holds what one loop's blocks do.
type loopInfo struct {
	fn      *ssa.Function
	loop    *cfg.Loop
	loops   *cfg.Loops
	idle    []bool // per block index: every instruction idle
	allIdle bool
	yields  bool
	locks   bool
	polls   bool   // the loop holds a select with default
	selects []bool // per block index: the block holds a select with default
	// recurrence memoises recurrent.
	recurrence map[*ssa.Phi]bool
	c          *checker
}

// checkLoop reports l if it is a spin-wait and says whether it did.
func (c *checker) checkLoop(fn *ssa.Function, loops *cfg.Loops, l *cfg.Loop) bool {
	li := &loopInfo{fn: fn, loop: l, loops: loops, idle: make([]bool, len(fn.Blocks)), selects: make([]bool, len(fn.Blocks)), allIdle: true, c: c, recurrence: make(map[*ssa.Phi]bool)}
	for _, b := range l.Blocks(fn) {
		quiet := true
		for _, instr := range b.Instrs {
			info := c.cls.classify(instr, 0)
			if info.effect != idle {
				quiet = false
			}
			if info.yields {
				li.yields = true
			}
			if info.locks {
				li.locks = true
			}
			if info.read.kind == chanPoll {
				li.selects[b.Index] = true
				if loops.Innermost(b) == l {
					li.polls = true
				}
			}
		}
		li.idle[b.Index] = quiet
		if !quiet {
			li.allIdle = false
		}
	}
	// A select with default is judged by its default path alone: its
	// cases may do work, and a case that receives is progress.
	if li.polls {
		return li.reportSelectDefault(loops)
	}
	if li.allIdle {
		return li.reportIdleLoop()
	}
	return false
}

// reportIdleLoop handles a loop whose every instruction is idle: it does no
// work, never blocks, and so can only be left when the state it reads
// changes under it.
func (li *loopInfo) reportIdleLoop() bool {
	fn, l := li.fn, li.loop
	// A loop-carried value that changes each pass (a counter, a cursor
	// walking a list) is work of the loop's own: it ends on its own, or
	// computes something.
	for _, b := range l.Blocks(fn) {
		for _, instr := range b.Instrs {
			if phi, ok := instr.(*ssa.Phi); ok && li.recurrent(phi) {
				return false
			}
		}
	}
	conds := li.exitConds()
	pos := li.loopPos()
	if !pos.IsValid() {
		return false
	}
	if len(conds) == 0 {
		if li.c.rep.InTestFile(pos) || li.locks {
			// A CPU burner in a test (of preemption, of profiling) is
			// deliberate; locking and unlocking forever is a contention
			// generator, work of its own.
			return false
		}
		li.c.rep.Reportf(pos, "this loop never exits and does nothing%s, so it spins forever burning a CPU core; block with select {} or wait on the event that should end it",
			li.yieldNote(" but yield"))
		return true
	}
	var reads []read
	seen := make(map[ssa.Value]bool)
	bounded := false
	for _, cond := range conds {
		li.sources(cond, seen, &reads, &bounded)
	}
	if bounded || len(reads) == 0 {
		return false
	}
	if li.locks && rereads(reads) {
		// Double-checked under a lock: the pass reads the state, takes
		// the lock, reads it again and goes round only when the two
		// answers disagree (the entry vanished in between). That is a
		// retry after a concurrent change, which the next pass settles,
		// not a wait for one.
		return false
	}
	return li.reportReads(pos, reads)
}

// rereads reports whether the loop reads some of the state its exits
// depend on more than once per pass: a first look, then a second one
// (under the lock the loop takes) that decides whether to go round.
func rereads(reads []read) bool {
	count := make(map[string]int)
	for _, r := range reads {
		if r.name == "" {
			continue
		}
		if count[r.name]++; count[r.name] >= 2 {
			return true
		}
	}
	return false
}

// reportReads reports an idle loop according to what its exits read.
func (li *loopInfo) reportReads(pos token.Pos, reads []read) bool {
	var plain, synced, clock []read
	for _, r := range reads {
		switch r.kind {
		case plainRead:
			plain = append(plain, r)
		case syncRead:
			synced = append(synced, r)
		case clockRead:
			clock = append(clock, r)
		}
	}
	rep := li.c.rep
	racy := len(plain) > 0 && len(synced) == 0 && !li.locks
	if !racy && li.c.rep.InTestFile(pos) {
		// A correct busy-wait in a test only costs CPU time, and tests
		// (of schedulers, profilers, timers) often burn it on purpose.
		return false
	}
	if li.locks && len(plain) == 0 && len(synced) == 0 {
		// Locking and unlocking with nothing read in between is the work
		// itself (a contention generator), not a wait.
		return false
	}
	if li.yields && len(plain) == 0 && len(clock) == 0 && !li.locks && li.waitsForInFlight() {
		// `for atomic.Load(&q.started) != atomic.Load(&q.done) {
		// runtime.Gosched() }`: a lock-free structure waiting for the
		// operations in flight, each a few instructions long, to finish.
		// Spinning with a yield is the right tool for a wait that short
		// (sync.Mutex spins the same way before it parks), and a channel
		// per operation would cost more than the wait.
		return false
	}
	switch {
	case len(clock) > 0:
		what := "the clock"
		if state := slices.Concat(plain, synced); len(state) > 0 {
			what = names(state) + " and the clock"
		}
		rep.Reportf(pos, "busy-wait: this loop does nothing but poll %s%s until a deadline passes, burning a CPU core; sleep with time.Sleep, or select on a time.Timer and the event awaited",
			what, li.yieldNote(" and yield"))
	case racy:
		n := names(plain)
		rep.Reportf(pos, "spin-wait on %s: this loop only reads %s until another goroutine changes it, a data race that may spin forever once the compiler hoists the load%s; wait on a channel, sync.WaitGroup or sync.Cond instead",
			n, n, li.yieldNote(" (runtime.Gosched does not make the read safe)"))
	default:
		// With an atomic read in the condition, plain reads next to it
		// are its bounds (`atomic.LoadInt32(&n) < int32(total)`): name
		// the synchronized state.
		awaited := synced
		how := ""
		if len(awaited) == 0 {
			awaited = plain
			how = " under a mutex"
		}
		n := names(awaited)
		fix := "block on a channel, sync.WaitGroup or sync.Cond instead"
		for _, r := range awaited {
			if r.ctx {
				fix = "receive from " + strings.TrimSuffix(r.name, ".Err()") + ".Done() instead"
				break
			}
			if r.ch {
				fix = "receive from the channel instead"
				break
			}
		}
		rep.Reportf(pos, "busy-wait on %s: this loop does nothing but poll %s%s%s until another goroutine changes it, burning a CPU core; %s",
			n, n, how, li.yieldNote(" and yield"), fix)
	}
	return true
}

// reportSelectDefault reports a loop in which a select with a default case
// comes back to itself through idle blocks only: when no case is ready the
// loop spins. Other paths through the loop may do work (the cases do, and a
// case that receives is progress); only the default path matters.
func (li *loopInfo) reportSelectDefault(loops *cfg.Loops) bool {
	fn, l := li.fn, li.loop
	for _, b := range l.Blocks(fn) {
		if !li.idle[b.Index] || loops.Innermost(b) != l {
			continue
		}
		for _, instr := range b.Instrs {
			sel, ok := instr.(*ssa.Select)
			if !ok || sel.Blocking {
				continue
			}
			path, ok := li.defaultCycle(loops, sel)
			if !ok || li.assignsCarried(path) {
				continue
			}
			// A loop whose exit counts passes ends on its own.
			bounded := false
			var exitReads []read
			seen := make(map[ssa.Value]bool)
			for _, cond := range li.exitConds() {
				li.sources(cond, seen, &exitReads, &bounded)
			}
			if bounded || li.c.rep.InTestFile(sel.Pos()) {
				return false // in tests, a busy loop only costs CPU time
			}
			pos := li.loopPos()
			if !pos.IsValid() {
				return false
			}
			// What the default path reads to decide whether to leave.
			var reads []read
			yields := false
			seen = make(map[ssa.Value]bool)
			for _, pb := range path {
				for _, instr := range pb.Instrs {
					yields = yields || li.c.cls.classify(instr, 0).yields
				}
				if ifi, ok := pb.Instrs[len(pb.Instrs)-1].(*ssa.If); ok {
					var rs []read
					li.sources(ifi.Cond, seen, &rs, &bounded)
					for _, r := range rs {
						if r.kind == plainRead || r.kind == syncRead || r.kind == clockRead {
							reads = append(reads, r)
						}
					}
				}
			}
			note := ""
			if yields {
				note = " but yield"
			}
			rep := li.c.rep
			rel := []analysis.RelatedInformation{report.Related(sel.Pos(), "the select with a default")}
			if len(reads) > 0 {
				// The default polls state (or the clock) and loops:
				// a busy-wait with the select's cases as the way out.
				rep.ReportRelatedf(pos, rel, "busy-wait on %s: when no case of the select at line %d is ready this loop only polls %s%s and comes straight back, burning a CPU core; make the change signal a channel the select can wait on",
					names(reads), rep.Line(sel.Pos()), names(reads), note)
				return true
			}
			rep.ReportRelatedf(pos, rel, "busy loop: when no case of the select at line %d is ready its default does nothing%s and the loop comes straight back, burning a CPU core; remove the default case so that the select blocks",
				rep.Line(sel.Pos()), note)
			return true
		}
	}
	return false
}

// defaultCycle reports whether control can go from the default case of
// sel back to sel through idle blocks of the loop that belong to no inner
// loop, and returns the blocks that path may use.
//
// go/ssa tests the select's index against each case in turn and falls
// through to the default after the last test; an empty default is
// jump-threaded away, so the last test may branch straight back to the
// select's block or to the loop header. If every case and the default are
// empty the tests disappear and the select's block simply goes on.
func (li *loopInfo) defaultCycle(loops *cfg.Loops, sel *ssa.Select) ([]*ssa.BasicBlock, bool) {
	home := sel.Block()
	var idx ssa.Value
	for _, r := range ssax.Referrers(sel) {
		if e, ok := r.(*ssa.Extract); ok && e.Index == 0 {
			idx = e
		}
	}
	isTest := func(b *ssa.BasicBlock) bool {
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok || idx == nil {
			return false
		}
		cmp, ok := ifi.Cond.(*ssa.BinOp)
		return ok && cmp.Op == token.EQL && cmp.X == idx
	}
	var starts []*ssa.BasicBlock
	if !isTest(home) {
		// No case tests: whatever the select chose, the block goes on.
		starts = home.Succs
	} else {
		b := home
		seen := make(map[*ssa.BasicBlock]bool)
		for isTest(b) && !seen[b] {
			seen[b] = true
			b = b.Succs[1]
			if b == home {
				return []*ssa.BasicBlock{home}, true
			}
		}
		starts = []*ssa.BasicBlock{b}
	}
	return li.idleReach(loops, starts, home)
}

// idleReach reports whether some block of starts comes back to to through
// idle blocks of the loop outside inner loops, whatever branch is taken on
// the way: every branch either leaves the loop or stays idle. A default
// that polls and then, depending on what it read, does work (a switch on a
// state that runs a handler) is not a spin; only one that does nothing on
// every path is. It returns the blocks visited.
func (li *loopInfo) idleReach(loops *cfg.Loops, starts []*ssa.BasicBlock, to *ssa.BasicBlock) ([]*ssa.BasicBlock, bool) {
	var visited []*ssa.BasicBlock
	found := false
	stopped := cfg.WalkBlocks(starts, func(b *ssa.BasicBlock) cfg.Step {
		if b == to {
			found = true
			return cfg.Skip
		}
		if !li.loop.Contains(b) {
			return cfg.Skip // leaving the loop is fine
		}
		if loops.Innermost(b) != li.loop || !li.idle[b.Index] || li.selects[b.Index] {
			// Another select with default on the way may receive or
			// send: that is progress (nats drains a slot and retries
			// its send this way), not a spin.
			return cfg.Stop
		}
		visited = append(visited, b)
		return cfg.Descend
	})
	if stopped {
		return nil, false
	}
	return append(visited, to), found
}

// assignsCarried reports whether the path, coming back to the loop header,
// gives a loop-carried variable a new value: `default: more = false` in
// `for more := true; more; { select { ... } }` ends the loop, it does not
// spin.
func (li *loopInfo) assignsCarried(path []*ssa.BasicBlock) bool {
	onPath := make(map[*ssa.BasicBlock]bool, len(path))
	for _, b := range path {
		onPath[b] = true
	}
	h := li.loop.Header
	for _, instr := range h.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		for i, e := range phi.Edges {
			if onPath[h.Preds[i]] && e != phi {
				return true
			}
		}
	}
	return false
}

// exitConds returns the conditions of the branches that leave the loop.
func (li *loopInfo) exitConds() []ssa.Value {
	var conds []ssa.Value
	for _, b := range li.loop.Blocks(li.fn) {
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		for _, s := range b.Succs {
			if !li.loop.Contains(s) {
				conds = append(conds, ifi.Cond)
				break
			}
		}
	}
	return conds
}

// sources collects the reads of shared state that v depends on within the
// loop, and sets bounded if v depends on a value the loop carries and
// changes (a counter: the loop ends on its own).
func (li *loopInfo) sources(v ssa.Value, seen map[ssa.Value]bool, reads *[]read, bounded *bool) {
	// under marks values that only feed another read (the address of an
	// atomic, the channel of len(ch)): they locate the state, they are not
	// the state awaited.
	type item struct {
		v     ssa.Value
		under bool
	}
	stack := []item{{v, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.v == nil || seen[it.v] {
			continue
		}
		seen[it.v] = true
		instr, ok := it.v.(ssa.Instruction)
		if !ok || !li.loop.Contains(instr.Block()) {
			continue // loop-invariant: a parameter, constant, or value from before the loop
		}
		if phi, ok := instr.(*ssa.Phi); ok && li.recurrent(phi) {
			*bounded = true
		}
		under := it.under
		if info := li.c.cls.classify(instr, 0); info.read.kind != noRead {
			if !under {
				*reads = append(*reads, info.read)
			}
			under = true
		}
		for _, op := range instr.Operands(nil) {
			if op != nil {
				stack = append(stack, item{*op, under})
			}
		}
	}
}

// recurrent reports whether phi carries a value that the loop computes
// from the phi itself: it changes on every pass.
func (li *loopInfo) recurrent(phi *ssa.Phi) bool {
	if r, ok := li.recurrence[phi]; ok {
		return r
	}
	r := li.computeRecurrent(phi)
	li.recurrence[phi] = r
	return r
}

func (li *loopInfo) computeRecurrent(phi *ssa.Phi) bool {
	seen := make(map[ssa.Value]bool)
	var stack []ssa.Value
	for i, e := range phi.Edges {
		if li.loop.Contains(phi.Block().Preds[i]) && e != phi {
			stack = append(stack, e)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if v == phi {
			return true
		}
		if v == nil || seen[v] {
			continue
		}
		seen[v] = true
		instr, ok := v.(ssa.Instruction)
		if !ok || !li.loop.Contains(instr.Block()) {
			continue
		}
		for _, op := range instr.Operands(nil) {
			if op != nil {
				stack = append(stack, *op)
			}
		}
	}
	return false
}

// waitsForInFlight reports whether the loop waits for operations already
// in flight in a lock-free structure rather than for an event that may
// take arbitrarily long. Its exit compares an atomic load with
//
//   - another atomic load, or a value taken from an atomic before the
//     loop: a counter catching up with another (`for atomic.Load(&q.acquired)
//     != atomic.Load(&q.written)`), or with a sequence number reserved
//     atomically (`seq := p.next.Add(1)` ... `for p.visible.Load() != seq`);
//   - anything, when the atomic is a slot of an array or slice: a ring
//     buffer waiting for a slot to be released (`for slot.Load() != nil`).
//
// A flag or pointer field compared with a constant (`for !ready.Load()`)
// is waiting for an event, and is reported.
func (li *loopInfo) waitsForInFlight() bool {
	atomicLoad := func(v ssa.Value) (ssa.Instruction, bool) {
		if conv, ok := v.(*ssa.Convert); ok {
			v = conv.X
		}
		instr, ok := v.(ssa.Instruction)
		if !ok || !li.loop.Contains(instr.Block()) {
			return nil, false
		}
		r := li.c.cls.classify(instr, 0).read
		return instr, r.kind == syncRead && !r.ctx && !r.ch
	}
	fixedBefore := func(v ssa.Value) bool {
		instr, ok := v.(ssa.Instruction)
		return ok && !li.loop.Contains(instr.Block()) && fromAtomic(v, 4)
	}
	for _, cond := range li.exitConds() {
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond = not.X
		}
		cmp, ok := cond.(*ssa.BinOp)
		if !ok {
			continue
		}
		switch cmp.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		default:
			continue
		}
		for _, pair := range [2][2]ssa.Value{{cmp.X, cmp.Y}, {cmp.Y, cmp.X}} {
			load, ok := atomicLoad(pair[0])
			if !ok {
				continue
			}
			if _, other := atomicLoad(pair[1]); other || fixedBefore(pair[1]) || ringSlot(load) {
				return true
			}
		}
	}
	return false
}

// fromAtomic reports whether v is computed, within depth steps of
// arithmetic and conversions, from the result of a sync/atomic operation.
func fromAtomic(v ssa.Value, depth int) bool {
	if depth == 0 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Call:
		f := ssax.Callee(&v.Call)
		return f != nil && f.Pkg() != nil && f.Pkg().Path() == "sync/atomic"
	case *ssa.BinOp:
		return fromAtomic(v.X, depth-1) || fromAtomic(v.Y, depth-1)
	case *ssa.Convert:
		return fromAtomic(v.X, depth-1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if !fromAtomic(e, depth-1) {
				return false
			}
		}
		return len(v.Edges) > 0
	}
	return false
}

// ringSlot reports whether the atomic load reads an element of an array
// or slice: its address (the receiver of a typed atomic's Load, or the
// pointer given to an atomic.Load function) is, or is a field of, &a[i].
func ringSlot(load ssa.Instruction) bool {
	call, ok := load.(*ssa.Call)
	if !ok || len(call.Call.Args) == 0 {
		return false
	}
	addr := call.Call.Args[0]
	for range 8 {
		switch a := addr.(type) {
		case *ssa.IndexAddr:
			return true
		case *ssa.FieldAddr:
			addr = a.X
		default:
			return false
		}
	}
	return false
}

func (li *loopInfo) yieldNote(s string) string {
	if li.yields {
		return s
	}
	return ""
}

// names renders the distinct names of reads for a message: "done",
// "done and s.closed", or "shared state".
func names(reads []read) string {
	var ns []string
	seen := make(map[string]bool)
	for _, r := range reads {
		if r.name != "" && !seen[r.name] {
			seen[r.name] = true
			ns = append(ns, r.name)
		}
	}
	sort.Strings(ns)
	switch len(ns) {
	case 0:
		return "shared state"
	case 1:
		return ns[0]
	case 2:
		return ns[0] + " and " + ns[1]
	}
	return fmt.Sprintf("%s, %s and %d more", ns[0], ns[1], len(ns)-2)
}

// loopPos returns the position of the for statement of the loop: the
// innermost for or range statement of fn that contains the loop header's
// first positioned instruction (or, failing that, any of the loop's), or for
// a loop with no positioned instruction at all, the first `for {}` with an
// empty body after the code that dominates the loop.
func (li *loopInfo) loopPos() token.Pos {
	syntax := li.fn.Syntax()
	if syntax == nil {
		return token.NoPos
	}
	var stmts []ast.Stmt // for and range statements of fn, not of nested func literals
	ast.Inspect(syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == syntax
		case *ast.ForStmt:
			stmts = append(stmts, n)
		case *ast.RangeStmt:
			stmts = append(stmts, n)
		}
		return true
	})
	innermost := func(p token.Pos) token.Pos {
		best := token.NoPos
		for _, s := range stmts {
			if s.Pos() <= p && p < s.End() && s.Pos() > best {
				best = s.Pos()
			}
		}
		return best
	}
	positioned := func(b *ssa.BasicBlock) token.Pos {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Phi); ok {
				continue
			}
			if p := instr.Pos(); p.IsValid() {
				return p
			}
		}
		return token.NoPos
	}
	if p := positioned(li.loop.Header); p.IsValid() {
		// Not in a for statement: a loop built with goto. Stay silent
		// rather than blame an enclosing for statement.
		return innermost(p)
	}
	for _, b := range li.loop.Blocks(li.fn) {
		if li.loops.Innermost(b) != li.loop {
			continue // code of an inner loop lies in an inner for statement
		}
		if p := positioned(b); p.IsValid() {
			return innermost(p)
		}
	}
	// No positioned instruction: `for {}` (or one whose body produces no
	// code). Find the last positioned instruction that dominates the loop.
	after := token.NoPos
	for b := li.loop.Header.Idom(); b != nil && !after.IsValid(); b = b.Idom() {
		for i := len(b.Instrs) - 1; i >= 0; i-- {
			if p := b.Instrs[i].Pos(); p.IsValid() {
				after = p
				break
			}
		}
	}
	for _, s := range stmts {
		f, ok := s.(*ast.ForStmt)
		if ok && f.Cond == nil && len(f.Body.List) == 0 && f.Pos() > after {
			return f.Pos()
		}
	}
	return token.NoPos
}
