package cancelfield

import (
	_ "embed"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports cancel functions kept in a struct field that nothing
// ever calls.
var Analyzer = &analysis.Analyzer{
	Name:     "cancelfield",
	Doc:      analyzerdoc.MustExtract(doc, "cancelfield"),
	URL:      analyzerdoc.URL("cancelfield"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      run,
}

// A field is what the package does with one struct field: the stores of
// context cancel functions into it, whether it is ever read, and whether
// a value read from it may be called.
type field struct {
	v      *types.Var
	owner  string
	stores []*ssa.Store
	ctor   map[*ssa.Store]string
	reads  int
	called bool
}

func run(pass *analysis.Pass) (any, error) {
	if !typesx.Imports(pass.Pkg, "context") {
		return nil, nil
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	rep := report.New(pass)
	fields := make(map[*types.Var]*field)
	get := func(fa ssa.Value, idx int) *field {
		st, ok := typesx.Deref(fa.Type()).Underlying().(*types.Struct)
		if !ok || idx >= st.NumFields() {
			return nil
		}
		v := st.Field(idx).Origin()
		if v.Pkg() != pass.Pkg || v.Exported() || !isCancelType(v.Type()) {
			return nil
		}
		f := fields[v]
		if f == nil {
			owner := ""
			if n := typesx.NamedOf(fa.Type()); n != nil {
				owner = n.Obj().Name() + "."
			}
			f = &field{v: v, owner: owner + v.Name(), ctor: make(map[*ssa.Store]string)}
			fields[v] = f
		}
		return f
	}
	for _, fn := range ssainfo.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.FieldAddr:
					f := get(x.X, x.Field)
					if f == nil {
						continue
					}
					for _, r := range ssax.Referrers(x) {
						switch r := r.(type) {
						case *ssa.Store:
							if r.Addr != x {
								f.called = true // the field's address stored
								continue
							}
							if ctor := cancelCtor(r.Val); ctor != "" {
								f.stores = append(f.stores, r)
								f.ctor[r] = ctor
							}
						case *ssa.UnOp:
							if r.Op != token.MUL {
								f.called = true
								continue
							}
							f.reads++
							if mayCall(r) {
								f.called = true
							}
						case *ssa.DebugRef:
						default:
							f.called = true // &s.cancel handed on
						}
					}
				case *ssa.Field:
					if f := get(x.X, x.Field); f != nil {
						f.reads++
						if mayCall(x) {
							f.called = true
						}
					}
				}
			}
		}
	}
	var out []*field
	for _, f := range fields {
		if len(f.stores) > 0 && f.reads > 0 && !f.called {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].v.Pos() < out[j].v.Pos() })
	for _, f := range out {
		sort.Slice(f.stores, func(i, j int) bool { return f.stores[i].Pos() < f.stores[j].Pos() })
		st := f.stores[0]
		pos := st.Pos()
		if !pos.IsValid() {
			pos = f.v.Pos()
		}
		if rep.Silenced(pos) || rep.Generated(pos) {
			continue
		}
		rep.Report(analysis.Diagnostic{
			Pos:     pos,
			Message: "the cancel function of context." + f.ctor[st] + " is kept in " + f.owner + ", which is read but never called anywhere in the package, so the context and its resources live until the parent is cancelled; call it from the method that ends the work (Close, Stop)",
			Related: []analysis.RelatedInformation{{Pos: f.v.Pos(), Message: "the field"}},
		})
	}
	return nil, nil
}

// isCancelType reports whether t is context.CancelFunc,
// context.CancelCauseFunc, or the func() or func(error) they are.
func isCancelType(t types.Type) bool {
	if typesx.IsNamed(t, "context", "CancelFunc", "CancelCauseFunc") {
		return true
	}
	sig, ok := types.Unalias(t).(*types.Signature)
	if !ok || sig.Results().Len() != 0 || sig.Recv() != nil {
		return false
	}
	return sig.Params().Len() == 0 ||
		(sig.Params().Len() == 1 && types.Identical(sig.Params().At(0).Type(), types.Universe.Lookup("error").Type()))
}

// cancelCtor returns the name of the context function whose cancel result
// v is ("WithCancel"), or "".
func cancelCtor(v ssa.Value) string {
	if ct, ok := v.(*ssa.ChangeType); ok {
		v = ct.X
	}
	ex, ok := v.(*ssa.Extract)
	if !ok || ex.Index != 1 {
		return ""
	}
	call, ok := ex.Tuple.(*ssa.Call)
	if !ok {
		return ""
	}
	f := ssax.Callee(call.Common())
	if typesx.IsFunc(f, "context", "WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause") {
		return f.Name()
	}
	return ""
}

// mayCall reports whether the value read from the field may end up
// called: anything but a comparison (with nil) counts, since a value
// passed, stored, returned or captured may be called from there.
func mayCall(v ssa.Value) bool {
	for _, r := range ssax.Referrers(v) {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.BinOp:
			if r.Op != token.EQL && r.Op != token.NEQ {
				return true
			}
		default:
			return true
		}
	}
	return false
}
