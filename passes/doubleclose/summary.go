package doubleclose

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// closesFact records what a function closes on every path by which it
// returns normally, in its caller's goroutine, so that a call of it counts
// as those closes: channel parameters (Params, SSA parameter indices, a
// method's receiver first) and channel fields of parameters (Fields, such
// as the s.done a Close method always closes). chanflow's Summary says
// whether a function may close a parameter; a double close needs
// "certainly".
type closesFact struct {
	Params []int
	Fields []fieldClose
}

// A fieldClose is a channel field, at Path (chanflow.Location.Path) from
// parameter Param, that a function always closes.
type fieldClose struct {
	Param int
	Path  string
}

func (*closesFact) AFact() {}

func (f *closesFact) String() string {
	s := "closes"
	for _, i := range f.Params {
		s += fmt.Sprintf(" p%d", i)
	}
	for _, fc := range f.Fields {
		s += fmt.Sprintf(" p%d.%s", fc.Param, fc.Path)
	}
	return s
}

// A summary is what one function always closes: per SSA parameter, and
// fields reached from a parameter or (for a func literal) a free variable.
type summary struct {
	params []bool
	fields []rootField
}

// A rootField is a field closed by a function, at path from its parameter
// param or, when param is -1, from its free variable freeVar.
type rootField struct {
	param, freeVar int
	path           string
}

// exportFacts exports a closesFact for each function of the package that
// always closes one of its parameters or of their fields.
func (c *checker) exportFacts(fns []*ssa.Function) {
	for _, fn := range fns {
		if fn.Parent() != nil || fn.Pkg != c.pkg {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok {
			continue
		}
		s := c.alwaysCloses(fn)
		if s == nil {
			continue
		}
		fact := &closesFact{}
		for i, always := range s.params {
			if always {
				fact.Params = append(fact.Params, i)
			}
		}
		for _, f := range s.fields {
			if f.param >= 0 {
				fact.Fields = append(fact.Fields, fieldClose{Param: f.param, Path: f.path})
			}
		}
		if len(fact.Params) > 0 || len(fact.Fields) > 0 {
			c.pass.ExportObjectFact(obj, fact)
		}
	}
}

// alwaysCloses returns what fn closes on every path to a normal return,
// directly or through such helpers, or nil. It is memoised; recursion sees
// nil.
func (c *checker) alwaysCloses(fn *ssa.Function) *summary {
	fn = origin(fn)
	if fn == nil {
		return nil
	}
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	c.summaries[fn] = nil
	var s *summary
	switch {
	case fn.Pkg != c.pkg || fn.Blocks == nil:
		s = c.importedCloses(fn)
	case hasReturn(fn):
		s = c.localCloses(fn)
	}
	c.summaries[fn] = s
	return s
}

func (c *checker) importedCloses(fn *ssa.Function) *summary {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	var fact closesFact
	if !c.pass.ImportObjectFact(obj, &fact) {
		return nil
	}
	n := fn.Signature.Params().Len()
	if fn.Signature.Recv() != nil {
		n++
	}
	s := &summary{params: make([]bool, n)}
	for _, i := range fact.Params {
		if i >= 0 && i < n {
			s.params[i] = true
		}
	}
	for _, f := range fact.Fields {
		if f.Param >= 0 && f.Param < n {
			s.fields = append(s.fields, rootField{param: f.Param, freeVar: -1, path: f.Path})
		}
	}
	return s
}

func (c *checker) localCloses(fn *ssa.Function) *summary {
	s := &summary{params: make([]bool, len(fn.Params))}
	found := false
	for _, ch := range c.flow.Func(fn).Chans {
		if ch.Param == nil || identityUncertain(ch) {
			continue
		}
		idx := paramIndex(fn, ch.Param)
		if idx < 0 {
			continue
		}
		sites := make(map[ssa.Instruction]bool)
		for _, op := range ch.Ops {
			if op.Kind != chanflow.Close || op.Site == nil || op.Site.Parent() != fn {
				continue
			}
			if ev := c.certainClose(ch, op); ev != nil && ev.g == nil {
				sites[ev.site] = true
			}
		}
		if len(sites) > 0 && cfg.OnEveryReturn(fn, func(i ssa.Instruction) bool { return sites[i] }) {
			s.params[idx] = true
			found = true
		}
	}
	// Fields of parameters and free variables.
	sites := make(map[chanflow.Location]map[ssa.Instruction]bool)
	var order []chanflow.Location
	add := func(loc chanflow.Location, site ssa.Instruction) {
		if sites[loc] == nil {
			sites[loc] = make(map[ssa.Instruction]bool)
			order = append(order, loc)
		}
		sites[loc][site] = true
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr.(type) {
			case *ssa.Call, *ssa.Defer:
			default:
				continue
			}
			if loc, ok := closedLocation(instr); ok {
				add(loc, instr)
				continue
			}
			for _, loc := range c.calleeFieldCloses(instr.(ssa.CallInstruction)) {
				add(loc, instr)
			}
		}
	}
	for _, loc := range order {
		f, ok := rootOf(fn, loc)
		if !ok {
			continue
		}
		set := sites[loc]
		if cfg.OnEveryReturn(fn, func(i ssa.Instruction) bool { return set[i] }) && !remadeAfter(fn, loc, set) {
			s.fields = append(s.fields, f)
			found = true
		}
	}
	if !found {
		return nil
	}
	return s
}

// remadeAfter reports whether fn can return with a fresh channel in loc
// after closing it: `close(a.wake); a.wake = make(chan struct{})`
// broadcasts and leaves an open channel behind, so the function does not
// leave the field closed for its caller. A store followed by another close
// (close, re-make, close) still leaves it closed.
func remadeAfter(fn *ssa.Function, loc chanflow.Location, sites map[ssa.Instruction]bool) bool {
	isSite := func(i ssa.Instruction) bool { return sites[i] }
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if !loc.MayStore(instr) {
				continue
			}
			st := instr
			afterClose := false
			for site := range sites {
				if cfg.PathExists(site, func(i ssa.Instruction) bool { return i == st }, nil) {
					afterClose = true
					break
				}
			}
			if afterClose && cfg.ReturnReachableAvoiding(st, isSite) {
				return true
			}
		}
	}
	return false
}

// closedLocation returns the field or global that instr, close(x.f) or
// defer close(x.f), closes.
func closedLocation(instr ssa.Instruction) (chanflow.Location, bool) {
	if !isCloseCall(instr) {
		return chanflow.Location{}, false
	}
	args := instr.(ssa.CallInstruction).Common().Args
	if len(args) != 1 {
		return chanflow.Location{}, false
	}
	return chanflow.LocationOf(args[0])
}

// rootOf says which parameter or free variable of fn loc hangs from.
func rootOf(fn *ssa.Function, loc chanflow.Location) (rootField, bool) {
	switch r := loc.Root.(type) {
	case *ssa.Parameter:
		if i := paramIndex(fn, r); i >= 0 {
			return rootField{param: i, freeVar: -1, path: loc.Path}, true
		}
	case *ssa.FreeVar:
		for i, fv := range fn.FreeVars {
			if fv == r && !storedTo(fv) {
				return rootField{param: -1, freeVar: i, path: loc.Path}, true
			}
		}
	}
	return rootField{}, false
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// storedTo reports whether the closure stores into its free variable fv.
func storedTo(fv *ssa.FreeVar) bool {
	for _, r := range ssax.Referrers(fv) {
		if st, ok := r.(*ssa.Store); ok && st.Addr == fv {
			return true
		}
	}
	return false
}

// calleeFieldCloses returns the fields, as locations of the caller, that
// the static callee of call always closes.
func (c *checker) calleeFieldCloses(call ssa.CallInstruction) []chanflow.Location {
	common := call.Common()
	if common.IsInvoke() {
		return nil
	}
	s := c.alwaysCloses(origin(common.StaticCallee()))
	if s == nil || len(s.fields) == 0 {
		return nil
	}
	var out []chanflow.Location
	for _, f := range s.fields {
		var root ssa.Value
		if f.param >= 0 {
			if f.param < len(common.Args) {
				root = common.Args[f.param]
			}
		} else if mc, ok := common.Value.(*ssa.MakeClosure); ok && f.freeVar < len(mc.Bindings) {
			switch b := mc.Bindings[f.freeVar].(type) {
			case *ssa.Alloc: // the caller's variable: its one stored value
				root = chanflow.StoredOnce(b)
			case *ssa.FreeVar: // a free variable of the caller passed on
				root = b
			}
		}
		if root == nil {
			continue
		}
		if loc, ok := chanflow.FieldLocation(root, f.path); ok {
			out = append(out, loc)
		}
	}
	return out
}
