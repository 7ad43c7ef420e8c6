package unbufsend

import (
	"fmt"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// maxPending computes, for every path from the entry, the number of
// started goroutines whose send is still pending (spawns minus receives),
// and returns the exit reached with the most, that number and the path.
// The exits are the returns and, for a channel made in a loop, its make
// run again: the count just before it is what the previous pass left
// behind, and the make starts the next pass's channel at zero.
// It is used only when every spawn and receive runs at most once per
// channel, so the CFG's cycles carry no count (a cycle through the make
// resets it) and the fixed point is reached after at most (spawns+1)
// updates per block.
func (k *checker) maxPending() (ssa.Instruction, int, []*ssa.BasicBlock) {
	const (
		dead  = 1 << 20
		reset = -(1 << 20)
	)
	type event struct{ i, delta int }
	events := make(map[*ssa.BasicBlock][]event)
	for _, s := range k.spawns {
		if b := s.site.Block(); b != nil {
			events[b] = append(events[b], event{cfg.Index(s.site), +1})
		}
	}
	for _, op := range k.recvs {
		if p, ok := recvPoint(op); ok {
			events[p.b] = append(events[p.b], event{p.i, -1})
		}
	}
	if k.remake != nil {
		if b := k.remake.Block(); b != nil {
			events[b] = append(events[b], event{cfg.Index(k.remake), reset})
		}
	}
	for _, b := range k.fn.Blocks {
		if k.deadEntries[b] {
			events[b] = append(events[b], event{-1, dead})
		}
		for i, instr := range b.Instrs {
			if noReturn(instr) || k.waits[instr] {
				// A dead end, or a g.Wait() that may wait for the
				// senders: a path past it has received them all.
				events[b] = append(events[b], event{i, dead})
				break
			}
		}
		ev := events[b]
		sort.SliceStable(ev, func(i, j int) bool { return ev[i].i < ev[j].i })
	}
	// transfer runs block b on count in: the count after it, whether a
	// path goes on, and the count left at the make (-1: not reached).
	transfer := func(b *ssa.BasicBlock, in int) (out int, alive bool, atMake int) {
		x, atMake := in, -1
		for _, e := range events[b] {
			switch e.delta {
			case dead:
				return 0, false, atMake
			case reset:
				atMake, x = x, 0
				continue
			}
			x += e.delta
			if x < 0 {
				x = 0
			}
		}
		return x, true, atMake
	}
	entry := k.fn.Blocks[0]
	dist := map[*ssa.BasicBlock]int{entry: 0}
	from := make(map[*ssa.BasicBlock]*ssa.BasicBlock)
	work := []*ssa.BasicBlock{entry}
	budget := (len(k.spawns) + 2) * (len(k.fn.Blocks) + 1) * 4
	for len(work) > 0 && budget > 0 {
		budget--
		b := work[len(work)-1]
		work = work[:len(work)-1]
		out, alive, _ := transfer(b, dist[b])
		if !alive {
			continue
		}
		for _, s := range b.Succs {
			if d, ok := dist[s]; !ok || out > d {
				dist[s] = out
				from[s] = b
				work = append(work, s)
			}
		}
	}
	if len(work) > 0 {
		return nil, 0, nil // budget exhausted: say nothing
	}
	var best ssa.Instruction
	bestN := -1
	for _, b := range k.fn.Blocks {
		in, ok := dist[b]
		if !ok {
			continue
		}
		out, alive, atMake := transfer(b, in)
		if atMake > bestN {
			best, bestN = k.remake, atMake
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if alive && out > bestN {
			best, bestN = ret, out
		}
	}
	if best == nil {
		return nil, 0, nil
	}
	path := cfg.PathBack(entry, best.Block(), func(b *ssa.BasicBlock) *ssa.BasicBlock { return from[b] })
	return best, bestN, path
}

// checkEarlyReturn reports a goroutine whose send can be left pending by a
// path from its go statement to a return that receives nothing: an early
// return, a select taking another case.
func (k *checker) checkEarlyReturn() bool {
	for _, s := range k.spawns {
		ret, path := k.g.returnFrom(after(s.site), false)
		if ret == nil {
			continue
		}
		name := k.name()
		fix := k.bufferFor(s)
		what := k.exitDescription(ret, path)
		if k.forgotten(ret, path) {
			// No buffer fix: the value the send carries is wanted on
			// that path, or the goroutine was forgotten there.
			k.report(k.sendPos(s.send), "", "goroutine leaks: send on %s blocks forever %s; %s", k.describe(), what, k.receiveAdvice(ret, 1, fix))
			return true
		}
		k.reportBlockedSend(s, fix, what, "receive on every path or give "+name+" a buffer for every sender")
		return true
	}
	return false
}

// bufferFor returns the buffer size that holds every send of spawn s (and
// of the other spawns), as source text, or "" when unknown.
func (k *checker) bufferFor(s *spawn) string {
	if !s.many {
		if len(k.spawns) == 1 {
			return "1"
		}
		for _, o := range k.spawns {
			if o.many {
				return ""
			}
		}
		return fmt.Sprint(len(k.spawns))
	}
	if len(k.spawns) != 1 || s.send.Repeats {
		return ""
	}
	return k.loopBound(s.site)
}

// checkCancelledLoop reports a loop that receives from the channel in a
// select and returns when another case — ctx.Done(), a timeout, a default —
// is chosen: the senders not yet received block forever.
func (k *checker) checkCancelledLoop() bool {
	for _, op := range k.recvs {
		if op.Kind != chanflow.SelectRecv || op.Instr != op.Site {
			continue
		}
		sel := op.Select
		if l := k.loops.Innermost(sel.Block()); l == nil || !k.recvLoops[l] {
			continue // outside loops the early-return check decides
		}
		for i := -1; i < len(sel.States); i++ {
			if i == op.Case || (i == -1 && sel.Blocking) || (i >= 0 && !k.cancellation(sel.States[i])) {
				continue
			}
			entry := chanflow.CaseEntry(sel, i)
			if entry == nil {
				continue
			}
			// The entry may be the loop header itself (an empty default
			// that loops again): a cut there is not passed through.
			if ret, _ := k.g.returnFrom(point{entry, 0}, false); ret == nil {
				continue
			}
			s := k.spawns[0]
			name := k.name()
			what := fmt.Sprintf("once the select at line %d %s", k.lineOf(sel.Pos(), "the select"), caseDescription(sel, i))
			k.reportBlockedSend(s, k.bufferFor(s), what, "make the sender select on the same case, or give "+name+" a buffer for every sender")
			return true
		}
	}
	return false
}

// cancellation reports whether a select case waits for cancellation or a
// timeout: ctx.Done(), time.After, a timer's channel. Other channels (a
// `done` closed once every sender finished, say) may mean nothing is left
// to receive, so they do not count.
func cancellation(st *ssa.SelectState) bool {
	if st.Dir != types.RecvOnly {
		return false
	}
	switch v := st.Chan.(type) {
	case *ssa.Call:
		if v.Call.IsInvoke() {
			return v.Call.Method.Name() == "Done"
		}
		if callee := v.Call.StaticCallee(); callee != nil {
			if callee.Name() == "Done" && callee.Signature.Recv() != nil {
				return true
			}
			if ssax.IsCall(&v.Call, "time", "After", "Tick") {
				return true
			}
		}
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			return typesx.IsPointerTo(fa.X.Type(), "time", "Timer", "Ticker")
		}
	}
	return false
}

// checkLoopStopsEarly reports a loop that receives one value per sender
// but can leave after a receive, typically at the first error, without
// draining the others.
func (k *checker) checkLoopStopsEarly() bool {
	senders := len(k.spawns) > 1
	for _, s := range k.spawns {
		senders = senders || s.many
	}
	if !senders {
		return false
	}
	k.cutClosedExits()
	for _, op := range k.recvs {
		if op.Instr != op.Site {
			continue
		}
		var start point
		var values []ssa.Value
		switch op.Kind {
		case chanflow.Recv:
			start = after(op.Instr)
			values = recvValues(op.Instr.(*ssa.UnOp))
		case chanflow.Range:
			b := op.Instr.Block()
			if len(b.Succs) != 2 {
				continue
			}
			start = point{b.Succs[0], 0}
			values = recvValues(op.Instr.(*ssa.UnOp))
		case chanflow.SelectRecv:
			entry := chanflow.CaseEntry(op.Select, op.Case)
			if entry == nil {
				continue
			}
			if l := k.loops.Innermost(entry); l != nil && l.Header == entry {
				continue // an empty case that loops again
			}
			start = point{entry, 0}
			values = selectValues(op.Select, op.Case)
		default:
			continue
		}
		l := k.loops.Innermost(op.Instr.Block())
		if l == nil || !k.recvLoops[l] || len(values) == 0 || k.spawnsIn(l) {
			// A loop that starts a sender and receives from it in the same
			// iteration leaves nothing behind when it stops.
			continue
		}
		ret, path := k.g.returnFrom(start, op.Kind == chanflow.SelectRecv)
		if ret == nil || !decidedBy(path, l, values) {
			continue
		}
		s := k.spawns[0]
		name := k.name()
		where := "returns"
		switch {
		case ret == k.remake:
			where = "moves on to its next pass"
		case ret.Pos().IsValid():
			where = fmt.Sprintf("returns at line %d", k.lineOf(ret.Pos(), "the function returns here"))
		}
		what := fmt.Sprintf("once the loop receiving from it at line %d %s before every sender is received", k.lineOf(op.Pos, "the receiving loop"), where)
		k.reportBlockedSend(s, k.bufferFor(s), what, "keep receiving until every sender is done, or give "+name+" a buffer for every sender")
		return true
	}
	return false
}

// cutClosedExits forbids the edges taken when a comma-ok receive reports
// the channel closed: after a close, no sender is left.
func (k *checker) cutClosedExits() {
	for _, op := range k.recvs {
		var ok ssa.Value
		switch instr := op.Instr.(type) {
		case *ssa.UnOp:
			if instr.CommaOk {
				ok = extract(instr, 1)
			}
		case *ssa.Select:
			ok = extract(instr, 1)
		}
		if ok == nil {
			continue
		}
		for _, r := range ssax.Referrers(ok) {
			switch r := r.(type) {
			case *ssa.If:
				k.g.noEdge[edge{r.Block(), 1}] = true
			case *ssa.UnOp:
				for _, rr := range ssax.Referrers(r) {
					if iff, isIf := rr.(*ssa.If); isIf {
						k.g.noEdge[edge{iff.Block(), 0}] = true
					}
				}
			}
		}
	}
}

// checkFirstWins reports goroutines started in a loop that all send, while
// the function receives a single value: the first answer wins and the
// others block forever.
func (k *checker) checkFirstWins() {
	if len(k.recvs) != 1 || len(k.recvLoops) != 0 {
		return
	}
	for _, s := range k.spawns {
		if !s.many || !s.send.SiteRepeats || !k.repeatsPerChannel(s.site) || !sendsOnEveryPath(s) {
			continue
		}
		name := k.name()
		fix := k.bufferFor(s)
		what := fmt.Sprintf("goroutines started in a loop send on %s, but only one value is received (line %d): the others block forever",
			k.describe(), k.lineOf(k.recvs[0].Pos, "the only receive"))
		if w := k.waitAfter(s, k.recvs[0]); w != nil {
			what += fmt.Sprintf(", and %s.Wait at line %d waits for them forever", groupName(k, w), k.lineOf(w.Pos(), "the Wait"))
		}
		if fix != "" {
			k.report(k.sendPos(s.send), fix, "goroutine leaks: %s; give %s a buffer of %s", what, name, fix)
		} else {
			k.report(k.sendPos(s.send), "", "goroutine leaks: %s; give %s a buffer for every sender", what, name)
		}
		return
	}
}

// sendsOnEveryPath reports whether the goroutine that spawn s starts
// sends on every path by which it returns: the send is in the function the
// go statement (or wg.Go, g.Go) starts, and no path of it returns without
// sending. Only then is every goroutine started in the loop a sender; a
// goroutine that sends under a condition (the last one to finish, the one
// that finds a match) may be the only sender.
func sendsOnEveryPath(s *spawn) bool {
	send := s.send.Instr
	if send == nil {
		return false // known from a summary, which does not say "always"
	}
	fn := chanflow.StartedFunction(s.site)
	if fn == nil || send.Parent() != fn {
		return false
	}
	return cfg.OnEveryReturn(fn, func(i ssa.Instruction) bool { return i == send })
}

// decidedBy reports whether some branch of loop l on path depends on one
// of values: the loop leaves because of what it received (an error, a
// match), not because it counted every sender.
func decidedBy(path []*ssa.BasicBlock, l *cfg.Loop, values []ssa.Value) bool {
	for _, b := range path {
		if !l.Contains(b) || len(b.Instrs) == 0 {
			continue
		}
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && dependsOn(iff.Cond, values, 6) {
			return true
		}
	}
	return false
}

func dependsOn(v ssa.Value, values []ssa.Value, depth int) bool {
	for _, x := range values {
		if v == x {
			return true
		}
	}
	if depth == 0 {
		return false
	}
	instr, ok := v.(ssa.Instruction)
	if !ok {
		return false
	}
	switch instr.(type) {
	case *ssa.Phi, *ssa.Call:
		// A phi mixes iterations (counters); a call's result is not the
		// received value.
		return false
	}
	var ops []*ssa.Value
	for _, op := range instr.Operands(ops) {
		if op != nil && *op != nil && dependsOn(*op, values, depth-1) {
			return true
		}
	}
	return false
}

// recvValues returns the values a receive yields.
func recvValues(recv *ssa.UnOp) []ssa.Value {
	if !recv.CommaOk {
		return []ssa.Value{recv}
	}
	if v := extract(recv, 0); v != nil {
		return []ssa.Value{v}
	}
	return nil
}

// selectValues returns the value received by case cas of sel.
func selectValues(sel *ssa.Select, cas int) []ssa.Value {
	idx := 2
	for i := 0; i < cas; i++ {
		if sel.States[i].Dir == types.RecvOnly {
			idx++
		}
	}
	if v := extract(sel, idx); v != nil {
		return []ssa.Value{v}
	}
	return nil
}

func extract(tuple ssa.Value, index int) ssa.Value {
	for _, r := range ssax.Referrers(tuple) {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == index {
			return ex
		}
	}
	return nil
}

// spawnsIn reports whether a spawn site lies in loop l.
func (k *checker) spawnsIn(l *cfg.Loop) bool {
	for _, s := range k.spawns {
		if l.Contains(s.site.Block()) {
			return true
		}
	}
	return false
}

// reportBlockedSend reports the send of spawn s, which blocks forever
// when the function leaves as what says: with the buffer fix when one
// suffices, else with the advice otherwise.
func (k *checker) reportBlockedSend(s *spawn, fix, what, otherwise string) {
	if fix != "" {
		k.report(k.sendPos(s.send), fix, "goroutine leaks: send on %s blocks forever %s; give %s a buffer of %s", k.describe(), what, k.name(), fix)
		return
	}
	k.report(k.sendPos(s.send), "", "goroutine leaks: send on %s blocks forever %s; %s", k.describe(), what, otherwise)
}
