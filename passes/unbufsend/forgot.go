package unbufsend

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Which fix a blocked sender wants depends on why the function left it
// behind. A function that leaves early on purpose — a select that takes
// its timeout, ctx.Done() or stop case, a loop or a return decided by a
// value received (the first error, the first answer) — does not want to
// wait: the sender needs room to finish on its own, a buffer. A function
// that simply never receives on some path — a return on an error path
// that has nothing to do with the goroutine, or no receive at all — has
// forgotten the goroutine: the fix is to receive (or drain) on that path,
// which also reads the value (often an error) the buffer would drop.

// forgotten reports whether path, by which the function reaches an exit
// without receiving every pending send, shows a function that forgot the
// senders rather than left them on purpose: it takes no select case,
// receives nothing from the channel on the way, branches on no value
// received from any channel, and is no next pass of a loop.
func (k *checker) forgotten(ret ssa.Instruction, path []*ssa.BasicBlock) bool {
	if ret == nil {
		return false
	}
	if len(k.recvs) == 0 {
		return true // nothing ever receives: no path waits on purpose
	}
	if sel, _ := k.selectOnPath(path); sel != nil {
		return false
	}
	on := make(map[*ssa.BasicBlock]bool, len(path))
	for _, b := range path {
		on[b] = true
	}
	for _, op := range k.recvs {
		if p, ok := recvPoint(op); ok && on[p.b] {
			return false
		}
	}
	for _, b := range path {
		if len(b.Instrs) == 0 {
			continue
		}
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && fromReceive(iff.Cond, 6) {
			return false
		}
	}
	return true
}

// fromReceive reports whether v is computed (at most depth steps back,
// not through calls or phis) from a value received from a channel.
func fromReceive(v ssa.Value, depth int) bool {
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.ARROW {
			return true
		}
	case *ssa.Select:
		return true
	case *ssa.Phi, *ssa.Call:
		return false
	}
	instr, ok := v.(ssa.Instruction)
	if !ok || depth == 0 {
		return false
	}
	var ops []*ssa.Value
	for _, op := range instr.Operands(ops) {
		if op != nil && *op != nil && fromReceive(*op, depth-1) {
			return true
		}
	}
	return false
}

// receiveAdvice is the advice for a function that forgot n pending
// sends on the path to ret: receive there; a buffer (of size, when known)
// only if the values are not wanted.
func (k *checker) receiveAdvice(ret ssa.Instruction, n int, size string) string {
	name := k.name()
	where := " on that path"
	switch {
	case len(k.recvs) == 0:
		where = "" // nothing does: "receive from done"
	case ret == k.remake:
		where = " before the loop's next pass"
	case ret.Pos().IsValid():
		where = " before that return"
	}
	buffer := "a buffer"
	if size != "" {
		buffer = "a buffer of " + size
	}
	if n > 1 {
		return fmt.Sprintf("drain %s (%d receives)%s, or give %s %s if their values are not needed there", name, n, where, name, buffer)
	}
	return fmt.Sprintf("receive from %s%s, or give %s %s if its value is not needed there", name, where, name, buffer)
}
