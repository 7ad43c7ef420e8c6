package doubleclose

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// exprAt renders the close argument v as written, e.g. "s.done".
func (c *checker) exprAt(v ssa.Value) string {
	for _, r := range ssax.Referrers(v) {
		call, ok := r.(ssa.CallInstruction)
		if !ok || !isCloseCall(r) {
			continue
		}
		if ce := c.src.Call(call.Common().Pos()); ce != nil && len(ce.Args) == 1 {
			return types.ExprString(ce.Args[0])
		}
	}
	return "the channel"
}

// chanName names a chanflow channel: its parameter or variable, else the
// variable its make is assigned to.
func (c *checker) chanName(ch *chanflow.Chan) string {
	if n := ch.Name(); n != "channel" {
		return n
	}
	if ch.Make != nil {
		if lhs := c.src.AssignedTo(ch.Make.Pos()); lhs != nil {
			return types.ExprString(lhs)
		}
	}
	return "the channel"
}

// loopAt describes the loop around instr for messages: "in the loop at
// line N", using the for or range statement when there is one, and
// returns that statement's position (token.NoPos for "in a loop").
func (c *checker) loopAt(instr ssa.Instruction) (string, token.Pos) {
	if loop := c.src.EnclosingLoop(instr.Pos()); loop != nil {
		return "in the loop at line " + strconv.Itoa(c.rep.Line(loop.Pos())), loop.Pos()
	}
	return "in a loop", token.NoPos
}

// locName names a field location for messages, e.g. s.done; a root that
// is the result of a call is named after the variable it is assigned to.
func (c *checker) locName(loc chanflow.Location) string {
	name := loc.Name()
	if rest, ok := strings.CutPrefix(name, "value."); ok && loc.Root != nil {
		if lhs := c.src.AssignedTo(loc.Root.Pos()); lhs != nil {
			return types.ExprString(lhs) + "." + rest
		}
	}
	return name
}
