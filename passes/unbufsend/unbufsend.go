package unbufsend

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"slices"
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
)

//go:embed doc.go
var doc string

// Analyzer reports sends on channels that can block forever.
var Analyzer = &analysis.Analyzer{
	Name:     "unbufsend",
	Doc:      analyzerdoc.MustExtract(doc, "unbufsend"),
	URL:      analyzerdoc.URL("unbufsend"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, chanflow.Analyzer, astindex.Analyzer, lockset.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	flows := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	rep := report.New(pass)
	idx := pass.ResultOf[astindex.Analyzer].(*astindex.Index)
	model := flows.Package()
	checkStoppedReceivers(rep, model)
	checkLockedSends(rep, model, pass.ResultOf[lockset.Analyzer].(*lockset.Result))
	for _, fn := range ssainfo.SrcFuncs {
		if len(fn.Blocks) == 0 || rep.Generated(fn.Pos()) || !makesChannels(fn) {
			continue
		}
		f := flows.Func(fn)
		var loops *cfg.Loops
		for _, c := range f.Chans {
			if c.Param != nil {
				continue // the caller owns it
			}
			if loops == nil {
				loops = cfg.FindLoops(fn)
			}
			ch := &checker{pass: pass, rep: rep, idx: idx, fn: fn, c: c, loops: loops, model: model}
			ch.check()
		}
	}
	return nil, nil
}

// makesChannels reports whether fn makes a channel or calls a function
// that may return one, the only channels whose every use fn can see.
func makesChannels(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeChan:
				return true
			case *ssa.Call:
				res := instr.Call.Signature().Results()
				for i := 0; i < res.Len(); i++ {
					if isChanType(res.At(i).Type()) {
						return true
					}
				}
			}
		}
	}
	return false
}

// checker decides one channel.
type checker struct {
	pass  *analysis.Pass
	rep   *report.Reporter
	idx   *astindex.Index
	fn    *ssa.Function
	c     *chanflow.Chan
	loops *cfg.Loops
	model *chanflow.Package // the package model: field channels

	spawns      []*spawn
	recvs       []*chanflow.Op // receives of the root goroutine
	directSends []*chanflow.Op // blocking sends of the root goroutine
	g           *graph
	recvLoops   map[*cfg.Loop]bool
	nameCache   string
	// related collects the other positions the message being built
	// names (lineOf); report attaches them and starts afresh.
	related []analysis.RelatedInformation
	// deadEntries are blocks no leak path may enter (see buildGraph).
	deadEntries map[*ssa.BasicBlock]bool
	// waits are the g.Wait() calls on the group of a sender (see groups.go).
	waits map[ssa.Instruction]bool
	// remake is the channel's make when it can run again (see
	// graph.remake); nil otherwise.
	remake ssa.Instruction
}

// A spawn is an instruction of the function that starts a goroutine that
// sends on the channel and can block doing so.
type spawn struct {
	site ssa.Instruction
	send *chanflow.Op // its first blocking send
	many bool         // the site runs repeatedly, or the goroutine sends repeatedly
}

func (k *checker) check() {
	c := k.c
	if k.checkOverfill() {
		return
	}
	// The buffer must be known, and every use of the channel visible: an
	// escaped channel may be drained by code we cannot see.
	if c.Cap < 0 || !visible(c) {
		// Someone else may drain it, but not before it reaches them.
		k.checkSendBeforeHandOff()
		return
	}
	if c.Make != nil && cfg.PathExists(c.Make, func(i ssa.Instruction) bool { return i == c.Make }, nil) {
		// A channel made afresh on each pass of a loop: each pass's
		// channel is judged on its own, from its make to the next.
		k.remake = c.Make
	}
	bySite := make(map[ssa.Instruction]*spawn)
	for _, op := range c.Ops {
		switch {
		case op.Kind.IsRecv() && (op.Spawned || op.Deferred):
			// Another goroutine, or a deferred call, receives: the
			// receiver side is not all in this function's straight line.
			// Only a send before that goroutine starts is certain to block.
			k.checkSendBeforeHandOff()
			return
		case op.Kind.IsRecv():
			k.recvs = append(k.recvs, op)
		case op.Kind.IsSend() && op.Guarded:
			// A sender that selects on ctx.Done() or has a default can
			// always give up: not a blocking send.
		case op.Kind.IsSend() && op.Spawned:
			if triedSpawn(op) {
				// `if g.TryGo(f)`: whether the sender exists depends on
				// the result.
				return
			}
			s := bySite[op.Site]
			if s == nil {
				s = &spawn{site: op.Site, send: op}
				bySite[op.Site] = s
				k.spawns = append(k.spawns, s)
			}
			if op.Repeats || (op.SiteRepeats && k.repeatsPerChannel(op.Site)) {
				s.many = true
			}
		case op.Kind.IsSend() && !op.Deferred:
			k.directSends = append(k.directSends, op)
		}
	}
	if len(k.spawns) == 0 {
		k.checkSelfDeadlock()
		return
	}
	// A call that starts the sender and also receives from the channel
	// (a helper that runs `go fetch(ch)` and then waits in a select for
	// its result) pairs them inside the callee, in an order this
	// function's graph cannot see: the callee is judged on its own.
	k.spawns = slices.DeleteFunc(k.spawns, func(s *spawn) bool {
		for _, op := range k.recvs {
			if op.Site == s.site && op.Callee != nil {
				return true
			}
		}
		return false
	})
	if len(k.spawns) == 0 {
		return
	}
	k.buildGraph()
	waits, deferredWait := k.groupWaits()
	k.waits = waits
	if k.checkWaitDeadlock(waits) {
		return
	}
	for _, op := range c.Ops {
		if op.Kind == chanflow.Close && !op.Spawned {
			// The function closes the channel itself (often a deferred
			// close "to clean up"): a sender still pending then panics
			// on the closed channel rather than blocks, and a buffer
			// would not save it. That is not this analyzer's claim to
			// make (gohan #581).
			return
		}
	}
	if deferredWait != nil {
		// The function waits for the senders when it returns: a path that
		// returns without receiving blocks in Wait rather than leaking.
		return
	}
	for w := range waits {
		// A path through g.Wait() blocks there until the senders are done.
		k.g.cutInstr(w)
	}
	if k.fixedCounts() {
		k.checkCounts()
		return
	}
	if c.Cap != 0 {
		// With a buffer and an unknown number of senders, the buffer may
		// be exactly large enough.
		return
	}
	if k.checkEarlyReturn() || k.checkCancelledLoop() || k.checkLoopStopsEarly() {
		return
	}
	k.checkFirstWins()
}

// visible reports whether every receive from c is in c.Ops: the channel
// does not escape, except into closures handed to code we cannot see that
// only send on it or close it (a hook `func() { ch <- ev }`). Such a
// closure cannot drain the channel, so it cannot rescue a blocked sender.
func visible(c *chanflow.Chan) bool {
	for _, e := range c.Escapes {
		if e.Callback == nil {
			return false
		}
	}
	for _, op := range c.Callbacks {
		if op.Kind.IsRecv() {
			return false
		}
	}
	return true
}

// buildGraph cuts the function's CFG at every receive: a path that reaches
// one has drained (part of) the channel. The header of a loop that
// receives is cut too: entering such a loop counts as draining, and
// whether the loop stops early is asked separately.
func (k *checker) buildGraph() {
	k.g = newGraph(k.fn)
	k.g.remake = k.remake
	k.recvLoops = make(map[*cfg.Loop]bool)
	k.deadEntries = make(map[*ssa.BasicBlock]bool)
	for _, op := range k.recvs {
		p, ok := recvPoint(op)
		if !ok {
			continue
		}
		k.g.cutAt(p.b, p.i)
		if l := k.loops.Innermost(p.b); l != nil && (p.i >= len(p.b.Instrs) || k.repeatsPerChannel(p.b.Instrs[p.i])) {
			k.recvLoops[l] = true
		}
	}
	for l := range k.recvLoops {
		k.g.cutAt(l.Header, 0)
		k.cutLoopGuard(l)
	}
	// A select that receives from the channel and takes another case that
	// is not a cancellation, a timeout or a default: that other channel may
	// be signalled by the sender itself once it is done (a `done` closed on
	// success), so the path does not show a stranded sender.
	for _, op := range k.recvs {
		if op.Kind != chanflow.SelectRecv || op.Instr != op.Site {
			continue
		}
		for j, st := range op.Select.States {
			if j == op.Case || k.cancellation(st) {
				continue
			}
			if entry := chanflow.CaseEntry(op.Select, j); entry != nil {
				k.g.cutAt(entry, 0)
				k.deadEntries[entry] = true
			}
		}
	}
}

// cutLoopGuard forbids the edge by which a rotated loop (go/ssa builds
// `for range n` as `if 0 < n { body; if i < n goto body }`) is skipped
// altogether: running a receive loop zero times is its normal end, not a
// way around it.
func (k *checker) cutLoopGuard(l *cfg.Loop) {
	for _, p := range l.Header.Preds {
		if l.Contains(p) || len(p.Succs) != 2 {
			continue
		}
		for i, s := range p.Succs {
			other := p.Succs[1-i]
			if other != l.Header || l.Contains(s) {
				continue
			}
			for _, sp := range s.Preds {
				if l.Contains(sp) {
					k.g.noEdge[edge{p, i}] = true
					break
				}
			}
		}
	}
}

// recvPoint is the point at which op has received (chanflow.ReceivePoint).
func recvPoint(op *chanflow.Op) (point, bool) {
	at := chanflow.ReceivePoint(op)
	if at == nil || at.Block() == nil {
		return point{}, false
	}
	return point{at.Block(), cfg.Index(at)}, true
}

// repeatsPerChannel reports whether instr can run again for the same
// channel: it lies on a cycle that does not make the channel anew.
func (k *checker) repeatsPerChannel(instr ssa.Instruction) bool {
	if k.remake == nil {
		return true
	}
	mk := k.remake
	return cfg.PathExists(instr, func(i ssa.Instruction) bool { return i == instr }, func(i ssa.Instruction) bool { return i == mk })
}

// fixedCounts reports whether every spawn and receive runs at most once:
// then pending sends can be counted along paths.
func (k *checker) fixedCounts() bool {
	for _, s := range k.spawns {
		if s.many {
			return false
		}
	}
	return len(k.recvLoops) == 0
}

// checkSelfDeadlock reports a blocking send on an unbuffered channel that
// no other goroutine ever receives from: the sender waits for itself.
func (k *checker) checkSelfDeadlock() {
	if k.c.Cap != 0 || len(k.directSends) == 0 {
		return
	}
	for _, op := range k.c.Ops {
		if op.Kind == chanflow.Close && !op.Spawned {
			// A send after the close panics rather than blocks; that is
			// doubleclose's to report.
			return
		}
	}
	send := k.directSends[0]
	name := k.name()
	why := "nothing ever receives from it"
	for _, r := range k.recvs {
		why = fmt.Sprintf("its only receives run in this same goroutine (line %d)", k.lineOf(r.Pos, "the receive"))
		break
	}
	fix := ""
	if len(k.directSends) == 1 && !send.Repeats && !send.SiteRepeats {
		fix = "1"
	}
	k.report(k.sendPos(send), fix, "send on unbuffered channel %s blocks forever: %s; give %s a buffer or receive in another goroutine",
		name, why, name)
}

// checkCounts counts, along every path, the goroutines started that send
// minus the receives done, and reports a return reached with more pending
// sends than the buffer holds.
func (k *checker) checkCounts() {
	ret, pending, path := k.maxPending()
	if ret == nil || int64(pending) <= k.c.Cap {
		return
	}
	if ret == k.remake {
		// The counting path runs from the entry; describe the pass that
		// leaves a sender behind instead.
		for _, s := range k.spawns {
			if exit, p := k.g.returnFrom(after(s.site), false); exit != nil {
				ret, path = exit, p
				break
			}
		}
	}
	total := len(k.spawns)
	name := k.name()
	at := k.spawns[0].send
	for _, s := range k.spawns {
		if k.sendPos(s.send).IsValid() {
			at = s.send
			break
		}
	}
	fix := fmt.Sprint(total)
	what := k.exitDescription(ret, path)
	if k.forgotten(ret, path) {
		advice := k.receiveAdvice(ret, pending-int(k.c.Cap), fix)
		if total == 1 {
			k.report(k.sendPos(at), "", "goroutine leaks: send on %s blocks forever %s; %s", k.describe(), what, advice)
			return
		}
		verb := "block"
		if pending == 1 {
			verb = "blocks"
		}
		k.report(k.sendPos(at), "", "goroutine leaks: %d goroutines send on %s but %d of them %s forever %s; %s",
			total, k.describe(), pending, verb, what, advice)
		return
	}
	if total == 1 {
		k.report(k.sendPos(at), fix, "goroutine leaks: send on %s blocks forever %s; give %s a buffer of %s", k.describe(), what, name, fix)
		return
	}
	verb := "block"
	if pending == 1 {
		verb = "blocks"
	}
	k.report(k.sendPos(at), fix, "goroutine leaks: %d goroutines send on %s but %d of them %s forever %s; give %s a buffer of %s",
		total, k.describe(), pending, verb, what, name, fix)
}

// lineOf returns the line of pos for the message being built, and records
// pos, with what happens there, as related information for it.
func (k *checker) lineOf(pos token.Pos, what string) int {
	k.related = append(k.related, report.Related(pos, what))
	return k.rep.Line(pos)
}

// describe names the channel with its buffer, for messages.
func (k *checker) describe() string {
	if k.c.Cap == 0 {
		return "unbuffered channel " + k.name()
	}
	return fmt.Sprintf("channel %s (buffer %d)", k.name(), k.c.Cap)
}

// exitDescription says how the function leaves without receiving: the
// select case it takes, or the return.
func (k *checker) exitDescription(ret ssa.Instruction, path []*ssa.BasicBlock) string {
	if sel, cas := k.selectOnPath(path); sel != nil {
		return fmt.Sprintf("once the select at line %d %s", k.lineOf(sel.Pos(), "the select"), caseDescription(sel, cas))
	}
	if len(k.recvs) == 0 {
		return "because nothing receives from it"
	}
	if ret == k.remake {
		return fmt.Sprintf("once the loop starts its next pass without receiving (line %d makes a new %s)", k.lineOf(ret.Pos(), "a new channel is made here"), k.name())
	}
	if ret.Pos().IsValid() {
		return fmt.Sprintf("once the function returns at line %d without receiving", k.lineOf(ret.Pos(), "the function returns here"))
	}
	return "once the function returns without receiving"
}

// selectOnPath finds a select that receives from the channel and whose
// other case the path takes.
func (k *checker) selectOnPath(path []*ssa.BasicBlock) (*ssa.Select, int) {
	on := make(map[*ssa.BasicBlock]bool, len(path))
	for _, b := range path {
		on[b] = true
	}
	// The select closest to the return is the one that leaves.
	var best *ssa.Select
	bestCase, bestAt := 0, -1
	at := make(map[*ssa.BasicBlock]int, len(path))
	for i, b := range path {
		at[b] = i
	}
	for _, op := range k.recvs {
		if op.Kind != chanflow.SelectRecv || op.Instr != op.Site || !on[op.Select.Block()] {
			continue
		}
		for i := -1; i < len(op.Select.States); i++ {
			if i == op.Case {
				continue
			}
			if e := chanflow.CaseEntry(op.Select, i); e != nil && on[e] && at[e] > bestAt {
				best, bestCase, bestAt = op.Select, i, at[e]
			}
		}
	}
	return best, bestCase
}

// caseDescription says what case cas of sel is, as "returns on ctx.Done()".
func caseDescription(sel *ssa.Select, cas int) string {
	if cas < 0 {
		return "takes its default case"
	}
	st := sel.States[cas]
	if st.Dir != types.RecvOnly {
		return "sends instead"
	}
	return "returns on " + chanExpr(st.Chan)
}

func (k *checker) report(pos token.Pos, fix string, format string, args ...any) {
	related := k.related
	k.related = nil
	if !pos.IsValid() || k.rep.Silenced(pos) {
		return
	}
	related = k.sourceRelated(pos, related)
	msg := fmt.Sprintf(format, args...)
	if k.c.Gen != nil {
		// The buffer is not ours to change: the generator makes it.
		if i := strings.LastIndex(msg, "; "); i >= 0 {
			msg = msg[:i] + "; receive until it is closed, or let the generator stop early (e.g. on ctx.Done())"
		}
	}
	d := analysis.Diagnostic{Pos: pos, Message: msg, Related: related}
	if fix != "" && k.c.Make != nil {
		if sf, ok := bufferFix(k.idx, k.c.Make, fix); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{sf}
		}
	}
	k.rep.Report(d)
}

// sourceRelated adds to related the two places every report names: the
// go statement (or g.Go call) that starts the goroutine whose send blocks
// at pos, when a goroutine does, and the make of the channel.
func (k *checker) sourceRelated(pos token.Pos, related []analysis.RelatedInformation) []analysis.RelatedInformation {
	var site ssa.Instruction
	for _, s := range k.spawns {
		if k.sendPos(s.send) == pos {
			site = s.site
			break
		}
	}
	if site == nil && len(k.spawns) > 0 && k.spawns[0].site.Pos() == pos {
		site = k.spawns[0].site
	}
	var send *chanflow.Op
	for _, s := range k.spawns {
		if s.site == site {
			send = s.send
		}
	}
	if site != nil {
		at := site.Pos()
		if _, isGo := site.(*ssa.Go); !isGo {
			at = k.idx.CallStart(at)
		}
		switch {
		case at.IsValid() && at != pos && site.Pos() != pos:
			related = append(related, report.Related(at, "the goroutine that blocks is started here"))
		case send != nil && send.Pos.IsValid() && send.Pos != pos:
			// Reported at the go statement: name the send, when it is
			// in this package.
			related = append(related, report.Related(send.Pos, "the send that blocks"))
		}
	}
	if mk := k.c.Make; mk != nil && mk.Pos().IsValid() {
		what := k.name() + " is made here, unbuffered"
		if k.c.Cap > 0 {
			what = fmt.Sprintf("%s is made here, with a buffer of %d", k.name(), k.c.Cap)
		}
		related = append(related, report.Related(k.idx.CallStart(mk.Pos()), what))
	}
	return related
}
