package unbufsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"

	"golang.org/x/tools/go/ssa"
)

// chanExpr renders the channel of a select case for messages:
// "ctx.Done()", "time.After", "quit".
func chanExpr(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Call:
		if v.Call.IsInvoke() {
			return valueName(v.Call.Value) + "." + v.Call.Method.Name() + "()"
		}
		if callee := v.Call.StaticCallee(); callee != nil {
			if callee.Signature.Recv() != nil && len(v.Call.Args) > 0 {
				return valueName(v.Call.Args[0]) + "." + callee.Name() + "()"
			}
			if callee.Pkg != nil {
				return callee.Pkg.Pkg.Name() + "." + callee.Name()
			}
			return callee.Name() + "()"
		}
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			if st, ok := fa.X.Type().Underlying().(*types.Pointer); ok {
				if s, ok := st.Elem().Underlying().(*types.Struct); ok {
					return valueName(fa.X) + "." + s.Field(fa.Field).Name()
				}
			}
		}
	}
	return valueName(v)
}

// valueName returns the source name of v when it has one.
func valueName(v ssa.Value) string {
	return valueNameDepth(v, 3)
}

// valueNameDepth is valueName, following calls on the way (the receiver
// of r.Context().Done()) at most depth deep.
func valueNameDepth(v ssa.Value, depth int) string {
	switch v := v.(type) {
	case *ssa.Call:
		if depth > 0 {
			if name := callName(v, depth-1); name != "" {
				return name
			}
		}
	case *ssa.Parameter:
		return v.Name()
	case *ssa.FreeVar:
		return v.Name()
	case *ssa.Alloc:
		if v.Comment != "" {
			return v.Comment
		}
	case *ssa.UnOp:
		if v.Op.String() == "*" {
			return valueNameDepth(v.X, depth)
		}
	case *ssa.Global:
		return v.Name()
	}
	return "another channel"
}

// callName renders a method call without arguments whose receiver has a
// name, r.Context() say, or "".
func callName(call *ssa.Call, depth int) string {
	common := call.Common()
	var recv ssa.Value
	var method string
	switch {
	case common.IsInvoke() && len(common.Args) == 0:
		recv, method = common.Value, common.Method.Name()
	case !common.IsInvoke() && len(common.Args) == 1:
		callee := common.StaticCallee()
		if callee == nil || callee.Signature.Recv() == nil {
			return ""
		}
		recv, method = common.Args[0], callee.Name()
	default:
		return ""
	}
	name := valueNameDepth(recv, depth)
	if name == "another channel" {
		return ""
	}
	return name + "." + method + "()"
}

func isChanType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// name names the channel for messages: the variable the make is assigned
// to, or "returned by f" for a generator's channel.
func (k *checker) name() string {
	if k.nameCache != "" {
		return k.nameCache
	}
	k.nameCache = k.syntaxName()
	return k.nameCache
}

func (k *checker) syntaxName() string {
	c := k.c
	if c.Make != nil {
		if id, ok := k.idx.AssignedTo(c.Make.Pos()).(*ast.Ident); ok {
			return id.Name
		}
	}
	if c.Gen != nil {
		if callee := c.Gen.Call.StaticCallee(); callee != nil {
			return "returned by " + callee.Name()
		}
	}
	return c.Name()
}

// sendPos is where to report a blocking send: at the send itself when it
// is in the function or one of its func literals, else at the go statement
// or call of the function that leads to it (a named helper may be shared by
// callers that use it correctly).
func (k *checker) sendPos(op *chanflow.Op) token.Pos {
	if op.Instr != nil && op.Pos.IsValid() && cfg.Encloses(k.fn, op.Instr) {
		return op.Pos
	}
	if op.Site != nil && op.Site.Pos().IsValid() {
		return op.Site.Pos()
	}
	return op.Pos
}
