package chanflow

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// Effect says what a function does to one of its channel parameters (or
// to a channel it returns).
type Effect uint16

const (
	Sends            Effect = 1 << iota // a send that can block, in the caller's goroutine
	SendsGuarded                        // a send in a select with other cases or a default
	Recvs                               // a receive in the caller's goroutine (any form)
	Closes                              // close, in the caller's goroutine
	Escapes                             // the channel may be used by code we cannot see
	SendsInGo                           // a goroutine the function starts sends (and can block)
	SendsGuardedInGo                    // a goroutine the function starts sends in a guarded select
	RecvsInGo                           // a goroutine the function starts receives
	ClosesInGo                          // a goroutine the function starts closes
	Repeats                             // some op may run more than once per call
	ClosesTwice                         // the function may close the channel more than once per call
)

var effectNames = []string{"sends", "sendsGuarded", "recvs", "closes", "escapes", "sendsInGo",
	"sendsGuardedInGo", "recvsInGo", "closesInGo", "repeats", "closesTwice"}

func (e Effect) String() string {
	var parts []string
	for i, n := range effectNames {
		if e&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// A Summary is the channel behaviour of a function, exported as a fact on
// functions that take or return channels.
type Summary struct {
	// Params holds one Effect per SSA parameter (a method's receiver
	// first); zero for parameters that are not channels.
	Params []Effect
	// Results lists the results that are generators: fresh channels that a
	// goroutine started by the function sends on.
	Results []GenResult
}

// A GenResult describes a channel result made by the function.
type GenResult struct {
	Index  int    // result index
	Cap    int64  // buffer size, -1 unknown
	Effect Effect // what the function's goroutines do to it (SendsInGo, ClosesInGo, ...)
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	var parts []string
	for i, e := range s.Params {
		if e != 0 {
			parts = append(parts, fmt.Sprintf("p%d=%s", i, e))
		}
	}
	for _, g := range s.Results {
		parts = append(parts, fmt.Sprintf("r%d=gen(cap %d, %s)", g.Index, g.Cap, g.Effect))
	}
	return "chanflow(" + strings.Join(parts, " ") + ")"
}

func (s *Summary) empty() bool {
	for _, e := range s.Params {
		if e != 0 {
			return false
		}
	}
	return len(s.Results) == 0
}

// Summary returns the channel summary of fn, a function of the package
// being analyzed, or nil if it takes and returns no channel.
func (r *Result) Summary(fn *ssa.Function) *Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.summaryLocked(fn)
}

func (r *Result) summaryLocked(fn *ssa.Function) *Summary {
	if s, ok := r.summaries[fn]; ok {
		return s
	}
	r.summaries[fn] = nil // recursion guard
	if fn.Blocks == nil {
		return nil
	}
	hasChan := false
	for _, p := range fn.Params {
		hasChan = hasChan || isChan(p.Type())
	}
	res := fn.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		hasChan = hasChan || isChan(res.At(i).Type())
	}
	if !hasChan {
		return nil
	}
	f := r.funcLocked(fn)
	s := &Summary{Params: make([]Effect, len(fn.Params))}
	for _, c := range f.Chans {
		if c.Param != nil {
			for i, p := range fn.Params {
				if p == c.Param {
					s.Params[i] = EffectOf(c)
				}
			}
			continue
		}
		if c.Make != nil {
			if g, ok := generator(fn, c); ok {
				s.Results = append(s.Results, g)
			}
		}
	}
	r.summaries[fn] = s
	return s
}

// EffectOf summarises the ops and escapes of c as seen by a caller of the
// function c is rooted in.
func EffectOf(c *Chan) Effect {
	var e Effect
	if c.Escaped() {
		e |= Escapes
	}
	closes := 0
	for _, op := range c.Ops {
		if op.Repeats || (op.Spawned && op.Site != op.Instr && op.SiteRepeats) {
			// The op repeats per call: in a loop of its own function, or
			// in goroutines started (go, wg.Go, g.Go) in a loop of this
			// one, which the caller must count as many senders.
			e |= Repeats
		}
		switch {
		case op.Kind.IsSend() && op.Guarded:
			e |= pick(op.Spawned, SendsGuardedInGo, SendsGuarded)
		case op.Kind.IsSend():
			e |= pick(op.Spawned, SendsInGo, Sends)
		case op.Kind.IsRecv():
			e |= pick(op.Spawned, RecvsInGo, Recvs)
		case op.Kind == Close:
			e |= pick(op.Spawned, ClosesInGo, Closes)
			closes++
			if op.Repeats || op.SiteRepeats {
				e |= ClosesTwice
			}
		}
	}
	if closes > 1 {
		// Conservatively: two close sites may be on exclusive paths. The
		// doubleclose analyzer decides; here it only marks the possibility.
		e |= ClosesTwice
	}
	return e
}

func pick(cond bool, a, b Effect) Effect {
	if cond {
		return a
	}
	return b
}

// generator reports whether c, made in fn, is returned by fn with no other
// escape, and the only goroutine that uses it sends on it: fn is a
// generator or pipeline stage, and its callers own the sender's fate.
func generator(fn *ssa.Function, c *Chan) (GenResult, bool) {
	index := -1
	for _, esc := range c.Escapes {
		ret, ok := esc.Instr.(*ssa.Return)
		if !ok || esc.Why != "returned" {
			return GenResult{}, false
		}
		for i, v := range ret.Results {
			if c.IsAlias(v) {
				if index >= 0 && index != i {
					return GenResult{}, false
				}
				index = i
			}
		}
	}
	if index < 0 {
		return GenResult{}, false
	}
	var e Effect
	for _, op := range c.Ops {
		if !op.Spawned {
			// fn itself uses the channel before returning it: not a plain
			// generator.
			return GenResult{}, false
		}
		switch {
		case op.Kind.IsSend() && op.Guarded:
			e |= SendsGuardedInGo
		case op.Kind.IsSend():
			e |= SendsInGo
		case op.Kind.IsRecv():
			e |= RecvsInGo
		case op.Kind == Close:
			e |= ClosesInGo
		}
		if op.Repeats {
			e |= Repeats
		}
	}
	if e&(SendsInGo|SendsGuardedInGo) == 0 || e&RecvsInGo != 0 {
		return GenResult{}, false
	}
	return GenResult{Index: index, Cap: c.Cap, Effect: e}, true
}

// effectOf returns what a callee without a body here (another package,
// the standard library) does to its i'th argument.
func (r *Result) effectOf(callee *ssa.Function, i int) (Effect, bool) {
	if e, ok := stdEffect(callee, i); ok {
		return e, true
	}
	obj := callee.Object()
	if o := callee.Origin(); o != nil {
		obj = o.Object()
	}
	if obj == nil || r.pass == nil {
		return 0, false
	}
	var s Summary
	if !r.pass.ImportObjectFact(obj, &s) {
		return 0, false
	}
	if i < len(s.Params) {
		return s.Params[i], true
	}
	return 0, false
}

// stdEffect is the built-in knowledge of standard library functions that
// take channels.
func stdEffect(callee *ssa.Function, i int) (Effect, bool) {
	if callee.Pkg == nil || callee.Pkg.Pkg == nil || callee.Signature.Recv() != nil {
		return 0, false
	}
	switch callee.Pkg.Pkg.Path() + "." + callee.Name() {
	case "os/signal.Notify":
		if i == 0 {
			// The runtime keeps the channel and sends without blocking.
			return SendsGuardedInGo, true
		}
	case "os/signal.Stop":
		return 0, true
	}
	return 0, false
}

// generatorCall returns the channel that call, a call of a generator,
// returns, or nil.
func (r *Result) generatorCall(fn *ssa.Function, call *ssa.Call) *Chan {
	callee := call.Call.StaticCallee()
	if callee == nil {
		return nil
	}
	var s *Summary
	body := callee
	if body.Blocks == nil && body.Origin() != nil {
		body = body.Origin()
	}
	if body.Blocks != nil && body.Pkg == r.pkg {
		s = r.summaryLocked(body)
	} else if obj := body.Object(); obj != nil && r.pass != nil {
		var fact Summary
		if r.pass.ImportObjectFact(obj, &fact) {
			s = &fact
		}
	}
	if s == nil || len(s.Results) == 0 {
		return nil
	}
	g := s.Results[0]
	var v ssa.Value
	if call.Call.Signature().Results().Len() == 1 {
		v = call
	} else {
		for _, ref := range ssax.Referrers(call) {
			if ex, ok := ref.(*ssa.Extract); ok && ex.Index == g.Index {
				v = ex
			}
		}
	}
	if v == nil {
		return nil
	}
	c := &Chan{Root: v, Gen: call, Cap: g.Cap}
	r.walkRoot(fn, c)
	// The generator's goroutine: its ops come first, at the call.
	var ops []*Op
	add := func(kind Kind, guarded bool) {
		ops = append(ops, &Op{Kind: kind, Pos: call.Pos(), Site: call, Spawned: true, Guarded: guarded,
			Repeats: g.Effect&Repeats != 0, SiteRepeats: call.Block() != nil && r.cycles.InCycle(call.Block()), Callee: callee})
	}
	if g.Effect&SendsInGo != 0 {
		add(Send, false)
	}
	if g.Effect&SendsGuardedInGo != 0 {
		add(SelectSend, true)
	}
	if g.Effect&ClosesInGo != 0 {
		add(Close, false)
	}
	c.Ops = append(ops, c.Ops...)
	return c
}
