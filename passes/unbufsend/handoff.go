package unbufsend

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// A channel made here reaches other goroutines only through a hand-off:
// an escape (returned, stored, passed on, captured by a callback) or a
// goroutine started with it. Until the first hand-off, the goroutine that
// made it is the only one that holds it, so a blocking send on it then,
// with no buffer, can never be received: the send blocks forever whatever
// the channel's later life (moby #33293: containerWait sent its error on
// the channel it was about to return).

// A handOff is an instruction of the function after which another
// goroutine may hold the channel.
type handOff struct {
	instr ssa.Instruction
	what  string // for messages: "returned", "passed to f", "started"
}

// checkSendBeforeHandOff reports a blocking send on an unbuffered channel
// made by the function that no path reaches after a hand-off. It is the
// check for channels that escape or that another goroutine receives from,
// where the checks on the whole life of the channel stay silent. It
// reports whether it reported.
func (k *checker) checkSendBeforeHandOff() bool {
	c := k.c
	if c.Cap != 0 || c.Make == nil {
		return false
	}
	handOffs, ok := k.handOffs()
	if !ok {
		return false
	}
	for _, op := range c.Ops {
		if !op.Kind.IsSend() || op.Guarded || op.Spawned || op.Deferred || op.Instr == nil || op.Instr != op.Site {
			continue
		}
		send := op.Instr
		if send.Parent() != k.fn || send.Block() == nil {
			continue
		}
		if k.handedOffBefore(send, handOffs) {
			continue
		}
		name := k.name()
		why := "nothing else can hold it yet"
		if h := k.nextHandOff(send, handOffs); h != nil {
			why = fmt.Sprintf("nothing else can hold it before it is %s at line %d", h.what, k.lineOf(h.instr.Pos(), "the channel is "+h.what+" here"))
		}
		k.report(k.sendPos(op), "", "send on unbuffered channel %s blocks forever: %s; give %s a buffer or receive in another goroutine",
			name, why, name)
		return true
	}
	return false
}

// handOffs returns the hand-offs of the channel, or false when one of them
// cannot be placed in the function (an escape inside a callee, an escape
// that may mean the variable holds another channel, a close: a send after
// a close panics rather than blocks).
func (k *checker) handOffs() ([]handOff, bool) {
	c := k.c
	var out []handOff
	for _, e := range c.Escapes {
		if identityEscape(e.Why) || e.Instr == nil || e.Instr.Parent() != k.fn || e.Instr.Block() == nil {
			return nil, false
		}
		out = append(out, handOff{e.Instr, escapeWords(e.Why)})
	}
	for _, op := range c.Ops {
		if op.Kind == chanflow.Close && !op.Spawned {
			return nil, false
		}
		if !op.Spawned {
			continue
		}
		if op.Site == nil || op.Site.Parent() != k.fn || op.Site.Block() == nil {
			return nil, false
		}
		out = append(out, handOff{op.Site, "handed to the goroutine started"})
	}
	return out, true
}

// identityEscape reports whether an escape means that the aliases of the
// channel may hold another channel: then its sends are not certainly on
// this one.
func identityEscape(why string) bool {
	switch why {
	case "merged with another value", "its variable is reassigned",
		"its address is stored", "its address is taken", "its address is used":
		return true
	}
	return false
}

// escapeWords turns an escape's reason into words after "it is".
func escapeWords(why string) string {
	switch {
	case why == "returned", strings.HasPrefix(why, "passed to"), strings.HasPrefix(why, "stored"),
		strings.HasPrefix(why, "sent on"), strings.HasPrefix(why, "converted to"), strings.HasPrefix(why, "captured by"):
		return why
	}
	return "handed on"
}

// handedOffBefore reports whether some path reaches send after a
// hand-off, without making the channel anew on the way (a make run again
// is another channel).
func (k *checker) handedOffBefore(send ssa.Instruction, handOffs []handOff) bool {
	mk := ssa.Instruction(k.c.Make)
	for _, h := range handOffs {
		if h.instr == send {
			return true
		}
		if cfg.PathExists(h.instr, func(i ssa.Instruction) bool { return i == send }, func(i ssa.Instruction) bool { return i == mk }) {
			return true
		}
	}
	return false
}

// nextHandOff returns a hand-off nearest after send, for the message.
func (k *checker) nextHandOff(send ssa.Instruction, handOffs []handOff) *handOff {
	at := make(map[ssa.Instruction]int, len(handOffs))
	for i, h := range handOffs {
		if _, dup := at[h.instr]; !dup {
			at[h.instr] = i
		}
	}
	q := cfg.Query{Target: func(i ssa.Instruction) bool { _, ok := at[i]; return ok }, BreadthFirst: true}
	found := q.At(send.Block(), cfg.Index(send)+1)
	if found == nil {
		return nil
	}
	return &handOffs[at[found]]
}
