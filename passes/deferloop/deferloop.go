package deferloop

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/report"
)

//go:embed doc.go
var doc string

// Analyzer reports defer statements that run inside a loop.
var Analyzer = &analysis.Analyzer{
	Name:     "deferloop",
	Doc:      analyzerdoc.MustExtract(doc, "deferloop"),
	URL:      analyzerdoc.URL("deferloop"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	rep := report.New(pass)
	for _, fn := range ssainfo.SrcFuncs {
		checkFunction(pass, rep, fn)
	}
	return nil, nil
}

// checkFunction reports the defers of fn that sit in a loop of fn, or in
// the body of a range-over-func loop (which the iterator may call again).
func checkFunction(pass *analysis.Pass, rep *report.Reporter, fn *ssa.Function) {
	var loops *cfg.Loops // computed only if fn defers anything
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok || !d.Pos().IsValid() || rep.Silenced(d.Pos()) {
				continue
			}
			if d.DeferStack != nil {
				// The defer is in the body of a range-over-func loop: go/ssa
				// outlines the body into a yield function and pushes the
				// deferred call onto the enclosing function's stack.
				reportRangeFunc(pass, rep, d)
				continue
			}
			if loops == nil {
				loops = cfg.FindLoops(fn)
			}
			if l := loops.Innermost(b); l != nil {
				reportLoop(pass, rep, fn, l, d)
			}
		}
	}
}

func reportLoop(pass *analysis.Pass, rep *report.Reporter, fn *ssa.Function, l *cfg.Loop, d *ssa.Defer) {
	call := deferredCall(pass, d)
	loopPos := loopStmtPos(pass, fn, d)
	if !loopPos.IsValid() {
		loopPos = l.Pos(fn)
	}
	line := rep.Line(loopPos)
	owner := enclosingName(fn)

	if len(l.Exits(fn)) == 0 {
		rep.Reportf(d.Pos(), "defer %s in the loop at line %d never runs: the loop has no exit, so %s never returns normally; release the resource at the end of each iteration instead",
			call, line, owner)
		return
	}
	if isMutexUnlock(d.Call) {
		recv := d.Call.Args[0]
		if !definedIn(recv, l) {
			rep.Reportf(d.Pos(), "defer %s in the loop at line %d: the mutex stays locked until %s returns, so the next iteration's Lock deadlocks; unlock at the end of the iteration or move the body into a function",
				call, line, owner)
		}
		// Locking a different mutex on each pass and unlocking them all on
		// return is a deliberate pattern (lock a set in order); stay silent.
		return
	}
	rep.Reportf(d.Pos(), "defer %s in the loop at line %d runs only when %s returns, so every iteration's resource is held until then; move the loop body into a function or release it explicitly",
		call, line, owner)
}

func reportRangeFunc(pass *analysis.Pass, rep *report.Reporter, d *ssa.Defer) {
	call := deferredCall(pass, d)
	rep.Reportf(d.Pos(), "defer %s in the body of a range-over-func loop runs only when the enclosing function returns, so every iteration's resource is held until then; move the loop body into a function",
		call)
}

// deferredCall renders the deferred call as written, e.g. "f.Close()".
func deferredCall(pass *analysis.Pass, d *ssa.Defer) string {
	if stmt, ok := nodeAt(pass, d).(*ast.DeferStmt); ok {
		return types.ExprString(stmt.Call)
	}
	if callee := d.Call.StaticCallee(); callee != nil {
		return callee.Name() + "(...)"
	}
	return "call"
}

// nodeAt returns the innermost syntax node starting at instr's position in
// the file that holds it.
func nodeAt(pass *analysis.Pass, instr ssa.Instruction) ast.Node {
	path := pathTo(pass, instr)
	if len(path) == 0 {
		return nil
	}
	for _, n := range path {
		if n.Pos() == instr.Pos() {
			return n
		}
	}
	return nil
}

func pathTo(pass *analysis.Pass, instr ssa.Instruction) []ast.Node {
	pos := instr.Pos()
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, pos, pos)
			return path
		}
	}
	return nil
}

// loopStmtPos returns the position of the innermost for or range statement
// enclosing d within its own function, or token.NoPos for loops built with
// goto.
func loopStmtPos(pass *analysis.Pass, fn *ssa.Function, d *ssa.Defer) (pos token.Pos) {
	for _, n := range pathTo(pass, d) {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n.Pos()
		case *ast.FuncLit, *ast.FuncDecl:
			return token.NoPos
		}
	}
	return token.NoPos
}

// enclosingName names the function whose return releases the deferred
// calls: for a func literal, the literal itself.
func enclosingName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "the enclosing func literal"
	}
	return fn.Name()
}

// isMutexUnlock reports whether call is (*sync.Mutex).Unlock or
// (*sync.RWMutex).Unlock/RUnlock.
func isMutexUnlock(call ssa.CallCommon) bool {
	callee := call.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || len(call.Args) == 0 {
		return false
	}
	if callee.Name() != "Unlock" && callee.Name() != "RUnlock" {
		return false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false
	}
	return true
}

// definedIn reports whether v is computed inside loop l, i.e. may be a
// different value on each pass.
func definedIn(v ssa.Value, l *cfg.Loop) bool {
	instr, ok := v.(ssa.Instruction)
	if !ok {
		return false // parameters, globals, free variables, constants
	}
	return l.Contains(instr.Block())
}
