package doubleclose

import (
	_ "embed"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports channels that can be closed twice, and sends on a
// channel that is already closed.
var Analyzer = &analysis.Analyzer{
	Name:      "doubleclose",
	Doc:       analyzerdoc.MustExtract(doc, "doubleclose"),
	URL:       analyzerdoc.URL("doubleclose"),
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, chanflow.Analyzer, astindex.Analyzer},
	FactTypes: []analysis.Fact{new(closesFact)},
	Run:       run,
}

// checker holds the state of one pass.
type checker struct {
	pass *analysis.Pass
	rep  *report.Reporter
	flow *chanflow.Result
	pkg  *ssa.Package
	src  *astindex.Index

	summaries map[*ssa.Function]*summary // memo of alwaysCloses
	reported  map[token.Pos]bool
	loops     map[*ssa.Function]*cfg.Loops
	stored    map[storeKey]bool // memo of storedIn
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:      pass,
		rep:       report.New(pass),
		flow:      pass.ResultOf[chanflow.Analyzer].(*chanflow.Result),
		pkg:       ssainfo.Pkg,
		src:       pass.ResultOf[astindex.Analyzer].(*astindex.Index),
		summaries: make(map[*ssa.Function]*summary),
		reported:  make(map[token.Pos]bool),
		loops:     make(map[*ssa.Function]*cfg.Loops),
		stored:    make(map[storeKey]bool),
	}
	c.exportFacts(ssainfo.SrcFuncs)
	for _, fn := range ssainfo.SrcFuncs {
		c.checkFunction(fn)
	}
	c.checkFieldCloses(c.flow.Package(), ssainfo.SrcFuncs)
	return nil, nil
}

// A channel is one channel of a function as doubleclose sees it: a
// chanflow.Chan (made here or received as a parameter, with its aliases),
// or a field or global read where it is closed.
type channel struct {
	name   string
	closes []*closeEvent
	sends  []sendEvent
	// kill reports an instruction after which the channel may be another
	// one (a make run again, a store to the field, a call that may store),
	// or after which the path goes nowhere (t.Fatal, os.Exit).
	kill func(ssa.Instruction) bool
	// is reports whether v certainly holds the channel.
	is func(v ssa.Value) bool
}

// A closeEvent is a close of the channel that certainly happens once its
// site, an instruction of the function, has run: close(ch) itself, a call
// of a helper that closes its parameter on every path, or a go or defer
// statement that leads to either.
type closeEvent struct {
	site     ssa.Instruction
	deferred bool    // runs when the function returns
	g        *ssa.Go // runs in the goroutine g starts
	pos      token.Pos
}

type sendEvent struct {
	instr ssa.Instruction // *ssa.Send or *ssa.Select
	pos   token.Pos
}

func (e *closeEvent) immediate() bool { return !e.deferred && e.g == nil }

// checkFunction checks every channel rooted in fn, and every field or
// global that fn closes.
func (c *checker) checkFunction(fn *ssa.Function) {
	if len(fn.Blocks) == 0 {
		return
	}
	for _, ch := range c.flow.Func(fn).Chans {
		if ch.Gen != nil || identityUncertain(ch) {
			continue
		}
		if x := c.fromChan(fn, ch); len(x.closes) > 0 {
			c.check(x)
		}
		c.checkSpawnedSendAfterDeferredClose(fn, ch)
	}
	for _, x := range c.fromLocations(fn) {
		c.check(x)
	}
}

// identityUncertain reports whether the aliases chanflow found for ch may
// hold another channel at some point: its variable is reassigned, merged
// with another value at a phi, or its address escapes, so that two of its
// closes may close two different channels.
func identityUncertain(ch *chanflow.Chan) bool {
	for _, e := range ch.Escapes {
		switch e.Why {
		case "merged with another value", "its variable is reassigned",
			"its address is stored", "its address is taken", "its address is used":
			return true
		}
	}
	return false
}

// fromChan gathers the certain closes and the sends of a chanflow channel.
func (c *checker) fromChan(fn *ssa.Function, ch *chanflow.Chan) *channel {
	x := &channel{
		name: c.chanName(ch),
		is:   ch.IsAlias,
		kill: noReturn,
	}
	if ch.Make != nil {
		mk := ch.Make
		x.kill = func(instr ssa.Instruction) bool { return instr == mk || noReturn(instr) }
	}
	seen := make(map[ssa.Instruction]bool)
	for _, op := range ch.Ops {
		if op.Site == nil || op.Site.Parent() != fn {
			continue
		}
		switch {
		case op.Kind == chanflow.Close:
			if seen[op.Site] {
				continue
			}
			if ev := c.certainClose(ch, op); ev != nil {
				seen[op.Site] = true
				x.closes = append(x.closes, ev)
			}
		case op.Kind.IsSend():
			if op.Instr != nil && op.Instr == op.Site && op.Go == nil && !op.Deferred {
				x.sends = append(x.sends, sendEvent{op.Instr, op.Pos})
			}
		}
	}
	sort.Slice(x.closes, func(i, j int) bool { return x.closes[i].pos < x.closes[j].pos })
	return x
}

// certainClose returns the close event of op if op certainly closes ch
// whenever its site runs, or nil.
func (c *checker) certainClose(ch *chanflow.Chan, op *chanflow.Op) *closeEvent {
	site := op.Site
	// From fn's side, only the site's own kind matters: a defer inside a
	// helper runs when the helper returns, before the call completes.
	ev := &closeEvent{site: site, pos: site.Pos()}
	switch site := site.(type) {
	case *ssa.Defer:
		ev.deferred = true
	case *ssa.Go:
		ev.g = site
	}
	if op.Go != nil && op.Go != site {
		return nil // a goroutine started inside a callee: when it runs is unknown
	}
	if op.Instr == site {
		return ev // close(ch), defer close(ch), go close(ch)
	}
	call, ok := site.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	callee := origin(call.Common().StaticCallee())
	if callee == nil {
		return nil
	}
	// A callee (a helper, or the func literal of a go or defer statement)
	// that closes on every path to its return.
	if _, spawned := op.Instr.(*ssa.Go); !spawned && op.Instr != nil && origin(op.Callee) == callee && isCloseCall(op.Instr) &&
		hasReturn(callee) && cfg.OnEveryReturn(callee, func(i ssa.Instruction) bool { return i == op.Instr }) {
		if mc, ok := call.Common().Value.(*ssa.MakeClosure); ok && len(ssax.Referrers(mc)) == 1 {
			// A func literal called where it is written: point at the
			// close inside it.
			ev.pos = op.Instr.Pos()
		}
		return ev
	}
	// A helper whose summary says it closes this argument on every path.
	if s := c.alwaysCloses(callee); s != nil {
		for i, arg := range call.Common().Args {
			if i < len(s.params) && s.params[i] && ch.IsAlias(arg) {
				return ev
			}
		}
	}
	return nil
}

// isCloseCall reports whether instr calls, defers or spawns the builtin close.
func isCloseCall(instr ssa.Instruction) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	b, ok := call.Common().Value.(*ssa.Builtin)
	return ok && b.Name() == "close"
}

func hasReturn(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		if len(b.Instrs) > 0 && cfg.IsReturn(b.Instrs[len(b.Instrs)-1]) {
			return true
		}
	}
	return false
}

// origin returns the generic function fn instantiates, or fn.
func origin(fn *ssa.Function) *ssa.Function {
	if fn != nil && fn.Origin() != nil {
		return fn.Origin()
	}
	return fn
}

// fromLocations gathers, per field or global, the closes and sends of fn
// that read it directly. chanflow follows channels by value; a field read
// twice is the same channel only while nothing re-points it, which the
// kill function of each location says.
func (c *checker) fromLocations(fn *ssa.Function) []*channel {
	byLoc := make(map[chanflow.Location]*channel)
	var order []chanflow.Location
	get := func(loc chanflow.Location, name string) *channel {
		x := byLoc[loc]
		if x == nil {
			l := loc
			calls := mayStore
			if _, captured := l.Root.(*ssa.FreeVar); captured && l.Path == "" {
				calls = mayStoreCaptured
			}
			x = &channel{
				name: name,
				kill: func(instr ssa.Instruction) bool { return l.MayStore(instr) || calls(instr) || noReturn(instr) },
				is: func(v ssa.Value) bool {
					other, ok := chanflow.LocationOf(v)
					return ok && other == l
				},
			}
			byLoc[loc] = x
			order = append(order, loc)
		}
		return x
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			ev := &closeEvent{site: instr, pos: instr.Pos()}
			switch instr := instr.(type) {
			case *ssa.Defer:
				ev.deferred = true
			case *ssa.Go:
				ev.g = instr
			}
			if loc, ok := closedLocation(instr); ok && ev.g == nil {
				x := get(loc, c.exprAt(call.Common().Args[0]))
				x.closes = append(x.closes, ev)
				continue
			}
			// A helper, method or func literal that always closes a field.
			for _, loc := range c.calleeFieldCloses(call) {
				x := get(loc, c.locName(loc))
				e := *ev
				x.closes = append(x.closes, &e)
			}
		}
	}
	if len(byLoc) == 0 {
		return nil
	}
	// Sends on the closed locations.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Send:
				if loc, ok := chanflow.LocationOf(instr.Chan); ok && byLoc[loc] != nil {
					byLoc[loc].sends = append(byLoc[loc].sends, sendEvent{instr, instr.Pos()})
				}
			case *ssa.Select:
				for _, st := range instr.States {
					if st.Dir != types.SendOnly {
						continue
					}
					if loc, ok := chanflow.LocationOf(st.Chan); ok && byLoc[loc] != nil {
						byLoc[loc].sends = append(byLoc[loc].sends, sendEvent{instr, st.Pos})
					}
				}
			}
		}
	}
	out := make([]*channel, 0, len(order))
	for _, loc := range order {
		out = append(out, byLoc[loc])
	}
	return out
}
