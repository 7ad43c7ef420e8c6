package errwrap

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// checkBareReturn reports `return err` where err is the error result of a
// call into another package, returned exactly as it came (-barereturn).
func (c *checker) checkBareReturn(fn *ssa.Function, ret *ssa.Return) {
	if contractBound(fn) {
		return
	}
	rs := c.returnAt[ret.Pos()]
	if rs == nil || len(rs.Results) != len(ret.Results) {
		return
	}
	for i, r := range ret.Results {
		id, ok := ast.Unparen(rs.Results[i]).(*ast.Ident)
		if !ok || !c.isErrorInterface(r.Type()) {
			continue
		}
		var call *ssa.Call
		switch v := returnedValue(ret, r).(type) {
		case *ssa.Extract:
			call, _ = v.Tuple.(*ssa.Call)
		case *ssa.Call:
			call = v
		}
		if call == nil {
			continue
		}
		callee := c.foreignCallee(&call.Call)
		if callee == "" || c.rep.Silenced(rs.Pos()) {
			continue
		}
		c.rep.ReportRelatedf(rs.Pos(), []analysis.RelatedInformation{report.Related(call.Pos(), "the call that returns "+id.Name)}, "%s from %s (line %d) is returned without context: callers see the bare error with no hint of what %s was doing; wrap it, e.g. fmt.Errorf(\"...: %%w\", %s)",
			id.Name, callee, c.rep.Line(call.Pos()), calleeName(enclosing(fn)), id.Name)
	}
}

// foreignCallee names the function call invokes when it belongs to another
// package and is not itself an error constructor, or returns "".
func (c *checker) foreignCallee(call *ssa.CallCommon) string {
	var obj *types.Func
	if call.IsInvoke() {
		obj = call.Method
	} else if callee := call.StaticCallee(); callee != nil {
		if callee.Origin() != nil {
			callee = callee.Origin()
		}
		obj, _ = callee.Object().(*types.Func)
	}
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return ""
	}
	switch obj.Pkg().Path() {
	case "errors", "fmt":
		return ""
	}
	if readsToEOF(obj) {
		return ""
	}
	if recv := obj.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			return "(" + obj.Pkg().Name() + "." + n.Obj().Name() + ")." + obj.Name()
		}
	}
	return obj.Pkg().Name() + "." + obj.Name()
}

func enclosing(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

// contractBound reports whether fn is a method whose errors are part of a
// contract that forbids wrapping: io.Reader.Read must return io.EOF itself,
// and the error methods return what they are given.
func contractBound(fn *ssa.Function) bool {
	fn = enclosing(fn)
	if fn.Signature.Recv() == nil {
		return false
	}
	switch fn.Name() {
	case "Read", "ReadAt", "ReadByte", "ReadRune", "ReadFrom", "Write", "WriteAt", "WriteByte", "WriteRune", "WriteString", "WriteTo",
		"Close", "Seek", "Flush", "Sync", "Unwrap", "Error", "Is", "As", "Err":
		return true
	}
	return false
}

// returnedValue returns the value a return statement gives for result r:
// go/ssa stores results into result variables and reloads them, so look
// for the store made by the same statement.
func returnedValue(ret *ssa.Return, r ssa.Value) ssa.Value {
	load, ok := r.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return r
	}
	alloc, ok := load.X.(*ssa.Alloc)
	if !ok {
		return r
	}
	instrs := ret.Block().Instrs
	for i := len(instrs) - 1; i >= 0; i-- {
		if st, ok := instrs[i].(*ssa.Store); ok && st.Addr == alloc {
			return st.Val
		}
	}
	return r
}

// readsToEOF reports whether fn is a read that ends with io.EOF by
// contract (r.Read, r.ReadByte, br.ReadString, io.ReadFull, ...): its
// callers compare the error with == io.EOF, so wrapping it would break them.
func readsToEOF(fn *types.Func) bool {
	if !strings.HasPrefix(fn.Name(), "Read") {
		return false
	}
	if fn.Signature().Recv() != nil {
		return true
	}
	return typesx.InPackage(fn, "io")
}
