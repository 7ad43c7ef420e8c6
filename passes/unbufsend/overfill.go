package unbufsend

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// A buffered channel filled past its capacity before anyone can drain it:
// `ch := make(chan T, N)` followed, in the goroutine that made it, by N+1
// sends before the channel is handed to a receiver (or with no receiver at
// all). The N+1st send blocks forever: only this goroutine holds the
// channel, and it is the one blocked.
//
// The count is exact or the check is silent: a send counts only when it
// runs on every path to the blocking send (it dominates it), since the
// channel was last made; a send in a loop counts as many times as the
// loop's constant trip count (cfg.Runs). Anything that may drain the
// buffer or hand the channel to another goroutine before the blocking
// send — a receive or select on it (also in a callee), a close, len or cap
// (a `len(ch) < cap(ch)` guard), a goroutine started with it, an escape —
// silences the check if it can run between the make and the send.

// maxLoopRuns bounds the trip counts the check computes.
const maxLoopRuns = 1 << 12

// checkOverfill reports the first send on a buffered channel made by the
// function that certainly finds the buffer full while no other goroutine
// can hold the channel. It reports whether it reported.
func (k *checker) checkOverfill() bool {
	c := k.c
	if c.Cap <= 0 || c.Make == nil || c.Make.Block() == nil {
		return false
	}
	mk := ssa.Instruction(c.Make)
	var cuts []ssa.Instruction
	for _, e := range c.Escapes {
		if identityEscape(e.Why) || e.Instr == nil || e.Instr.Parent() != k.fn || e.Instr.Block() == nil {
			// The aliases may hold another channel, or the escape
			// cannot be placed in the function.
			return false
		}
		cuts = append(cuts, e.Instr)
	}
	var sends, helperSends []*chanflow.Op
	for _, op := range c.Ops {
		site := op.Site
		if site == nil || site.Parent() != k.fn || site.Block() == nil {
			return false
		}
		switch {
		case op.Kind == chanflow.Send && op.Instr == site && !op.Guarded && !op.Spawned && !op.Deferred:
			sends = append(sends, op)
		case op.Kind == chanflow.Send && helperAlwaysSends(op):
			// `put(ch)`: the helper sends once or more on every path
			// to its return.
			helperSends = append(helperSends, op)
		case op.Kind.IsSend() && !op.Spawned:
			// A send in a callee, or in a select: it fills the buffer
			// or does nothing, it never drains it. Not counted.
		case op.Deferred && !op.Spawned:
			// Runs when the function returns: after a send that blocks
			// forever, never.
		default:
			cuts = append(cuts, site)
		}
	}
	var (
		blocked *chanflow.Op
		fills   []*chanflow.Op // the sends that run before it
		runs    int            // the passes of blocked's loop, 0 when not in one
	)
	for _, s := range sends {
		send := s.Instr
		if !cfg.Precedes(mk, send) {
			continue
		}
		// Each send that dominates this one has run at least once since
		// the make: mk dominates it, so the last make before the send is
		// followed by it on the way.
		var before []*chanflow.Op
		for _, d := range sends {
			if d != s && cfg.Precedes(mk, d.Instr) && cfg.Precedes(d.Instr, send) {
				before = append(before, d)
			}
		}
		for _, d := range helperSends {
			if cfg.Precedes(mk, d.Site) && cfg.Precedes(d.Site, send) {
				before = append(before, d)
			}
		}
		n := int64(len(before))
		r := 0
		if l := k.loops.Innermost(send.Block()); l != nil && !l.Contains(mk.Block()) {
			// (A loop that makes the channel too sends once per
			// channel, after the sends that precede it.)
			var ok bool
			if r, ok = cfg.Runs(k.fn, l, send, maxLoopRuns); !ok || r == 0 {
				continue
			}
			n += int64(r) - 1 // the loop's earlier passes send before its last
		}
		if n < c.Cap || k.drainedBefore(send, cuts) {
			continue
		}
		if blocked == nil || send.Pos() < blocked.Instr.Pos() {
			blocked, fills, runs = s, before, r
		}
	}
	if blocked == nil {
		return false
	}
	name := k.name()
	var filled string
	switch {
	case runs > 0 && len(fills) == 0:
		filled = fmt.Sprintf("the loop runs it %d times", runs)
	case runs > 0:
		filled = fmt.Sprintf("the loop runs it %d times after %s", runs, k.sendLines(fills))
	default:
		verb := " already fill its buffer"
		if len(fills) == 1 {
			verb = " already fills its buffer"
		}
		filled = k.sendLines(fills) + verb
	}
	why := "nothing ever receives from it"
	if h := k.nextDrain(blocked.Instr, cuts); h != "" {
		why = "nothing can receive from it before " + h
	}
	k.report(k.sendPos(blocked), "", "goroutine leaks: send on channel %s (buffer %d) blocks forever: %s, and %s; start the receiver before sending, or give %s a larger buffer",
		name, c.Cap, filled, why, name)
	return true
}

// helperAlwaysSends reports whether op is a plain send in a function
// that op.Site calls directly, on every path of that function to a
// return, and that function can return after it: each call sends at
// least once, in this goroutine.
func helperAlwaysSends(op *chanflow.Op) bool {
	call, ok := op.Site.(*ssa.Call)
	if !ok || op.Instr == nil || op.Guarded || op.Spawned || op.Deferred {
		return false
	}
	callee := call.Call.StaticCallee()
	send := op.Instr
	if callee == nil || send.Parent() != callee || send.Block() == nil {
		return false
	}
	return cfg.PathExists(send, cfg.IsReturn, nil) &&
		cfg.OnEveryReturn(callee, func(i ssa.Instruction) bool { return i == send })
}

// drainedBefore reports whether a cut (a receive, a hand-off, ...) can run
// between the channel's make and send.
func (k *checker) drainedBefore(send ssa.Instruction, cuts []ssa.Instruction) bool {
	mk := ssa.Instruction(k.c.Make)
	for _, x := range cuts {
		if x == send {
			return true
		}
		if cfg.PathExists(x, func(i ssa.Instruction) bool { return i == send }, func(i ssa.Instruction) bool { return i == mk }) {
			return true
		}
	}
	return false
}

// sendLines names the lines of sends for the message, and records them as
// related information.
func (k *checker) sendLines(ops []*chanflow.Op) string {
	var lines []string
	for _, op := range ops {
		lines = append(lines, fmt.Sprint(k.lineOf(k.sendPos(op), "this send fills the buffer")))
	}
	if len(lines) == 1 {
		return "the send at line " + lines[0]
	}
	return "the sends at lines " + strings.Join(lines[:len(lines)-1], ", ") + " and " + lines[len(lines)-1]
}

// nextDrain describes the first cut after send, "it is passed to f at line
// 12", or "".
func (k *checker) nextDrain(send ssa.Instruction, cuts []ssa.Instruction) string {
	at := make(map[ssa.Instruction]bool, len(cuts))
	for _, x := range cuts {
		at[x] = true
	}
	q := cfg.Query{Target: func(i ssa.Instruction) bool { return at[i] }, BreadthFirst: true}
	found := q.At(send.Block(), cfg.Index(send)+1)
	if found == nil {
		return ""
	}
	what := "it is used"
	switch found.(type) {
	case *ssa.Go:
		what = "the goroutine that uses it is started"
	case *ssa.UnOp, *ssa.Select:
		what = "the receive"
	}
	for _, e := range k.c.Escapes {
		if e.Instr == found {
			what = "it is " + escapeWords(e.Why)
		}
	}
	return fmt.Sprintf("%s at line %d", what, k.lineOf(found.Pos(), "here"))
}
