package unbufsend

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Which fix a blocked sender wants depends on why the function left it
// behind. A function that leaves early on purpose — a select that takes
// its timeout, ctx.Done() or stop case, a loop or a return decided by a
// value received (the first error, the first answer) — does not want to
// wait: the sender needs room to finish on its own, a buffer. So does a
// function that fails on an error path: it is giving up, the sender's
// value is not needed, and waiting for the sender there may never end
// (kubernetes #93008 left a test server's exit report behind on such a
// path, and buffered the channel). A function that never receives at all,
// or leaves a path that is no error path (it returns success, or
// moves on) without receiving, has forgotten the sender and its value
// (often an error): the fix is to receive (or drain) on that path; a
// buffer would only drop the value quietly.

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
	if errorPath(ret, path) {
		return false
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
	there := " there"
	if where == "" {
		there = ""
	}
	if n > 1 {
		return fmt.Sprintf("drain %s (%d receives)%s, or give %s %s if their values are not needed%s", name, n, where, name, buffer, there)
	}
	return fmt.Sprintf("receive from %s%s, or give %s %s if its value is not needed%s", name, where, name, buffer, there)
}

// errorPath reports whether path is a way out on failure: the exit
// returns an error that is not the constant nil, or the path takes a
// branch on err != nil (or err == nil) for an error value.
func errorPath(ret ssa.Instruction, path []*ssa.BasicBlock) bool {
	if r, ok := ret.(*ssa.Return); ok && len(r.Results) > 0 {
		last := r.Results[len(r.Results)-1]
		if isError(last.Type()) && !isNilConst(last) {
			return true
		}
	}
	for _, b := range path {
		if len(b.Instrs) == 0 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || (cmp.Op != token.NEQ && cmp.Op != token.EQL) {
			continue
		}
		if isError(cmp.X.Type()) && isNilConst(cmp.Y) || isError(cmp.Y.Type()) && isNilConst(cmp.X) {
			return true
		}
	}
	return false
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && (c.Value == nil || c.Value.Kind() == constant.Unknown)
}
