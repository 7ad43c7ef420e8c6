package doublelock

import (
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
)

//go:embed doc.go
var doc string

// Analyzer reports a goroutine locking a mutex it already holds.
var Analyzer = &analysis.Analyzer{
	Name:     "doublelock",
	Doc:      analyzerdoc.MustExtract(doc, "doublelock"),
	URL:      analyzerdoc.URL("doublelock"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	rep := report.New(pass)
	reported := make(map[token.Pos]bool)
	for _, fn := range ssainfo.SrcFuncs {
		f := locks.Func(fn)
		if !f.OK {
			continue
		}
		for _, op := range f.Ops {
			if !op.Kind.Acquires() || op.Deferred || !op.Fresh || reported[op.Pos()] {
				continue
			}
			h, ok := heldBefore(f, op)
			if !ok {
				continue
			}
			// A read lock taken again for reading deadlocks only once a
			// writer queues between the two; a write lock held, or a write
			// lock asked for, deadlocks at once.
			reported[op.Pos()] = true
			rep.Report(analysis.Diagnostic{
				Pos:     op.Pos(),
				Message: message(pass, op, h),
				Related: []analysis.RelatedInformation{{
					Pos:     h.Op.Pos(),
					Message: fmt.Sprintf("%s first %s here", h.Mutex.Name(), lockedWord(h.Read)),
				}},
			})
		}
	}
	return nil, nil
}

// heldBefore returns the hold of op's mutex on every path to op, if any.
func heldBefore(f *lockset.Func, op *lockset.Op) (lockset.Held, bool) {
	for _, h := range f.HeldAt(op.Instr) {
		if h.Mutex != op.Mutex || h.Op == nil || !h.Op.Pos().IsValid() {
			continue
		}
		return h, true
	}
	return lockset.Held{}, false
}

func lockedWord(read bool) string {
	if read {
		return "read-locked"
	}
	return "locked"
}

// message says what goes wrong and the usual fix.
func message(pass *analysis.Pass, op *lockset.Op, h lockset.Held) string {
	name := op.Mutex.Name()
	line := pass.Fset.Position(h.Op.Pos()).Line
	what := "locks"
	if op.Read() {
		what = "read-locks"
	}
	var where string
	if op.Callee != nil {
		where = fmt.Sprintf("call to %s %s %s", op.Via[0], what, name)
		if len(op.Via) > 1 {
			where += " (via " + strings.Join(op.Via[1:], " -> ") + ")"
		}
	} else {
		where = fmt.Sprintf("%s.%s()", name, op.Kind)
	}
	first := lockedWord(h.Read)
	if h.Op.Callee != nil {
		first += " by the call to " + h.Op.Via[0]
	}
	switch {
	case h.Read && op.Read():
		return fmt.Sprintf("recursive read lock: %s while %s is already %s at line %d; once a writer calls Lock between the two, this RLock waits for the writer and the writer for the first RLock: deadlock; release the first read lock before, or use a helper that expects it held", where, name, first, line)
	case h.Read:
		return fmt.Sprintf("deadlock: %s while this goroutine holds its read lock (%s at line %d); Lock waits for every reader, including this one; release the read lock first", where, first, line)
	}
	return fmt.Sprintf("deadlock: %s while it is already %s at line %d; sync mutexes are not reentrant, so the goroutine blocks forever; unlock before, or call a variant that expects the lock held", where, first, line)
}
