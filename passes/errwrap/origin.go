package errwrap

import (
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// An errSet is a set of sentinel errors, by key ("io/fs.ErrNotExist"), or
// any error at all.
type errSet struct {
	any   bool
	sents map[string]bool
}

func (s *errSet) add(key string) {
	if s.sents == nil {
		s.sents = make(map[string]bool)
	}
	s.sents[key] = true
}

func (s *errSet) union(o errSet) {
	s.any = s.any || o.any
	for k := range o.sents {
		s.add(k)
	}
}

func (s errSet) empty() bool { return !s.any && len(s.sents) == 0 }

func (s errSet) keys() []string {
	ks := make([]string, 0, len(s.sents))
	for k := range s.sents {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// A summary says where the errors held by a value (or returned by a
// function) may come from.
type summary struct {
	// direct holds the errors that may be held as they are; unknown
	// origins (parameters, interface calls) make it any.
	direct errSet
	// wrapped holds the errors that may be held inside another error.
	wrapped errSet
	// hidden reports that the error may be a generic wrapper (fmt.Errorf
	// with %w, errors.Join) whose dynamic type hides every error inside
	// it from a type assertion.
	hidden bool
	// site says what wraps, for messages: "wrapped by fmt.Errorf with %w at line 12".
	site string
	// from names the call the wrapped error arrives through, if any: "load".
	from string
	// via names, for messages, the call each sentinel or type of direct
	// and wrapped came out of, the innermost known: "os.ReadFile".
	via map[string]string
	// wrapVia names the call whose result wraps the errors of wrapped,
	// the outermost: "lib.Get".
	wrapVia string
	// near holds the sentinels and types that came out of the call that
	// produced the value itself, not out of a call further down.
	near map[string]bool
	// std holds the sentinels and types that came out of the standard
	// library table (stdlib.go), however many calls down: documented
	// errors, not one of many ways a call can fail.
	std map[string]bool
}

func (s *summary) union(o *summary) {
	s.direct.union(o.direct)
	s.wrapped.union(o.wrapped)
	if s.site == "" && (o.hidden || !o.wrapped.empty()) {
		s.site, s.from = o.site, o.from
	}
	s.hidden = s.hidden || o.hidden
	for k, name := range o.via {
		if _, ok := s.via[k]; !ok {
			if s.via == nil {
				s.via = make(map[string]string)
			}
			s.via[k] = name
		}
	}
	if s.wrapVia == "" {
		s.wrapVia = o.wrapVia
	}
	for k := range o.near {
		if s.near == nil {
			s.near = make(map[string]bool)
		}
		s.near[k] = true
	}
	for k := range o.std {
		if s.std == nil {
			s.std = make(map[string]bool)
		}
		s.std[k] = true
	}
}

// withVia returns s as seen by the caller of name: the sentinels and types
// s names without a call of origin came out of name.
func withVia(s *summary, name string) *summary {
	if len(s.direct.sents) == 0 && len(s.wrapped.sents) == 0 {
		return s
	}
	t := *s
	t.via = make(map[string]string, len(s.via))
	for k, v := range s.via {
		t.via[k] = v
	}
	t.near = make(map[string]bool)
	for _, set := range []errSet{s.direct, s.wrapped} {
		for k := range set.sents {
			if _, ok := t.via[k]; !ok {
				t.via[k] = name
				t.near[k] = true
			}
		}
	}
	if len(s.wrapped.sents) > 0 {
		t.wrapVia = name
	}
	return &t
}

var unknownSummary = &summary{direct: errSet{any: true}}

// wrapsFact is exported for functions that return an error: what
// summary says of the errors they return.
type wrapsFact struct {
	DirectAny  bool
	Direct     []string
	WrappedAny bool
	Wrapped    []string
	Hidden     bool
	Site       string
}

func (*wrapsFact) AFact() {}

func (f *wrapsFact) String() string {
	if !f.Hidden && !f.WrappedAny && len(f.Wrapped) == 0 {
		return "returns(" + strings.Join(f.Direct, ", ") + ")"
	}
	return "wraps(" + f.Site + ")"
}

func factOf(s *summary) *wrapsFact {
	return &wrapsFact{
		DirectAny:  s.direct.any,
		Direct:     s.direct.keys(),
		WrappedAny: s.wrapped.any,
		Wrapped:    s.wrapped.keys(),
		Hidden:     s.hidden,
		Site:       s.site,
	}
}

func summaryOf(f *wrapsFact) *summary {
	s := &summary{hidden: f.Hidden, site: f.Site}
	s.direct.any = f.DirectAny
	for _, k := range f.Direct {
		s.direct.add(k)
	}
	s.wrapped.any = f.WrappedAny
	for _, k := range f.Wrapped {
		s.wrapped.add(k)
	}
	return s
}

// exportWrapsFacts exports, for each function of the package that returns
// an error, where its errors come from.
func (c *checker) exportWrapsFacts() {
	for _, fn := range c.ssa.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != c.pass.Pkg || !c.returnsError(fn.Signature) {
			continue
		}
		s := c.functionSummary(fn)
		if s.wrapped.empty() && !s.hidden && (!obj.Exported() || !exportedKeys(s.direct)) {
			// Nothing wrapped, and no sentinel or type an importer could
			// match (or no importer can call it): callers need not know more.
			continue
		}
		c.pass.ExportObjectFact(obj, factOf(s))
	}
}

// stdSummary memoises the package-level stdSummary per function: the
// documentation tables are resolved with go/types on each first use.
func (c *checker) stdSummary(fn *types.Func) *summary {
	if s, ok := c.stdSums[fn]; ok {
		return s
	}
	s := stdSummary(fn)
	if c.stdSums == nil {
		c.stdSums = make(map[*types.Func]*summary)
	}
	c.stdSums[fn] = s
	return s
}

func (c *checker) returnsError(sig *types.Signature) bool {
	for v := range sig.Results().Variables() {
		if c.isErrorInterface(v.Type()) {
			return true
		}
	}
	return false
}

// functionSummary summarises the errors fn returns, memoised. A recursive
// call being summarised counts as contributing nothing new.
func (c *checker) functionSummary(fn *ssa.Function) *summary {
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	if c.inProgress[fn] || fn.Blocks == nil {
		return &summary{}
	}
	c.inProgress[fn] = true
	s := &summary{}
	budget := 2000
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ret, ok := instr.(*ssa.Return)
			if !ok {
				continue
			}
			for _, r := range ret.Results {
				if c.isErrorInterface(r.Type()) {
					s.union(c.valueSummary(r, make(map[ssa.Value]bool), &budget))
				}
			}
		}
	}
	delete(c.inProgress, fn)
	c.summaries[fn] = s
	return s
}

// valueSummary summarises the errors v may hold. budget bounds the work of
// one query; when it runs out the answer is "unknown".
func (c *checker) valueSummary(v ssa.Value, seen map[ssa.Value]bool, budget *int) *summary {
	if seen[v] {
		return &summary{}
	}
	seen[v] = true
	*budget--
	if *budget < 0 {
		return unknownSummary
	}
	switch v := v.(type) {
	case *ssa.Const:
		return &summary{}
	case *ssa.Phi:
		s := &summary{}
		for _, e := range v.Edges {
			s.union(c.valueSummary(e, seen, budget))
		}
		return s
	case *ssa.ChangeInterface:
		return c.valueSummary(v.X, seen, budget)
	case *ssa.TypeAssert:
		if types.IsInterface(v.AssertedType) && !v.CommaOk {
			return c.valueSummary(v.X, seen, budget)
		}
	case *ssa.MakeInterface:
		return c.concreteSummary(v.X)
	case *ssa.UnOp:
		if v.Op != token.MUL {
			break
		}
		switch addr := v.X.(type) {
		case *ssa.Global:
			s := &summary{}
			s.direct.add(sentinelKey(addr.Object()))
			return s
		case *ssa.Alloc:
			// A variable captured by a closure lives in memory: follow the
			// stores that reach the load, or all of them when that is too
			// far to tell.
			s := &summary{}
			vals, ok := reachingStores(v, addr)
			if !ok {
				vals = nil
				for _, ref := range ssax.Referrers(addr) {
					if st, ok := ref.(*ssa.Store); ok && st.Addr == addr {
						vals = append(vals, st.Val)
					}
				}
			}
			for _, val := range vals {
				s.union(c.valueSummary(val, seen, budget))
			}
			return s
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			return c.callSummary(&call.Call, seen, budget)
		}
	case *ssa.Call:
		return c.callSummary(&v.Call, seen, budget)
	}
	return unknownSummary
}

// concreteSummary summarises an error of a concrete type: a type with an
// Unwrap method wraps something unknown.
func (c *checker) concreteSummary(x ssa.Value) *summary {
	if x, ok := x.(*ssa.UnOp); ok && x.Op == token.MUL {
		if g, ok := x.X.(*ssa.Global); ok {
			s := &summary{}
			s.direct.add(sentinelKey(g.Object()))
			return s
		}
	}
	s := &summary{}
	s.direct.add(typeKey(x.Type()))
	obj, _, _ := types.LookupFieldOrMethod(x.Type(), true, nil, "Unwrap")
	if _, ok := obj.(*types.Func); ok {
		s.wrapped.any = true
		s.site = "wrapped in " + types.TypeString(x.Type(), types.RelativeTo(c.pass.Pkg))
	}
	return s
}

// typeKey names a concrete error type in an errSet.
func typeKey(t types.Type) string {
	return "type " + types.TypeString(t, nil)
}

// callSummary summarises the errors returned by a call.
func (c *checker) callSummary(call *ssa.CallCommon, seen map[ssa.Value]bool, budget *int) *summary {
	callee := call.StaticCallee()
	if callee == nil {
		if call.IsInvoke() && isContextErr(call.Method) {
			s := &summary{direct: errSet{any: true}}
			for _, k := range ctxSentinels {
				s.direct.add(k)
			}
			s.std = map[string]bool{"context.Canceled": true, "context.DeadlineExceeded": true}
			return withVia(s, "(context.Context).Err")
		}
		return unknownSummary
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	obj, _ := callee.Object().(*types.Func)
	if obj != nil && obj.Pkg() != nil {
		switch obj.Pkg().Path() + "." + obj.Name() {
		case "fmt.Errorf":
			return c.errorfSummary(call, seen, budget)
		case "errors.Join":
			s := &summary{hidden: true, site: "wrapped by errors.Join " + c.where(call.Pos())}
			for _, a := range variadicArgs(call) {
				if a != nil {
					s.wrapped.union(c.contents(a, seen, budget))
				}
			}
			return s
		case "errors.New":
			return &summary{}
		}
	}
	// A function of this package (or a closure in it): look inside.
	if callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg && callee.Blocks != nil {
		return withVia(through(c.functionSummary(callee), calleeName(callee)), calleeName(callee))
	}
	if obj == nil || obj.Pkg() == nil {
		return unknownSummary
	}
	if s := c.stdSummary(obj); s != nil {
		return withVia(s, stdName(obj))
	}
	var f wrapsFact
	if c.pass.ImportObjectFact(obj, &f) {
		name := obj.Pkg().Name() + "." + calleeName(callee)
		return withVia(through(summaryOf(&f), name), name)
	}
	return unknownSummary
}

// errorfSummary summarises fmt.Errorf: with %w it wraps its %w operands.
func (c *checker) errorfSummary(call *ssa.CallCommon, seen map[ssa.Value]bool, budget *int) *summary {
	args := call.Args
	if len(args) == 0 {
		return &summary{}
	}
	k, ok := args[0].(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.String {
		return &summary{}
	}
	ds, ok := parseFormat(constant.StringVal(k.Value))
	if !ok {
		return &summary{}
	}
	operands := variadicArgs(call)
	s := &summary{}
	for _, d := range ds {
		if d.verb != 'w' {
			continue
		}
		s.hidden = true
		s.site = "wrapped by fmt.Errorf with %w " + c.where(call.Pos())
		if operands == nil || d.arg >= len(operands) || operands[d.arg] == nil {
			s.wrapped.any = true
			continue
		}
		s.wrapped.union(c.contents(operands[d.arg], seen, budget))
	}
	return s
}

// contents returns the errors that wrapping v puts inside the wrapper:
// those v holds, directly or wrapped. io.EOF is left out: code that wraps
// it turns end-of-input into a failure on purpose, and a caller testing
// == io.EOF rightly does not treat that failure as end-of-input.
func (c *checker) contents(v ssa.Value, seen map[ssa.Value]bool, budget *int) errSet {
	inner := c.valueSummary(v, seen, budget)
	var set errSet
	set.union(inner.direct)
	set.union(inner.wrapped)
	delete(set.sents, "io.EOF")
	return set
}

// variadicArgs returns the values passed in the ... parameter of call, as
// go/ssa builds them (a slice of a local array, stored element by
// element), or nil when they cannot be recovered.
func variadicArgs(call *ssa.CallCommon) []ssa.Value {
	if len(call.Args) == 0 {
		return nil
	}
	sl, ok := call.Args[len(call.Args)-1].(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	at, ok := arr.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	array, ok := at.Elem().Underlying().(*types.Array)
	if !ok || array.Len() > 256 {
		return nil
	}
	vals := make([]ssa.Value, array.Len())
	for _, ref := range ssax.Referrers(arr) {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		idx, ok := ia.Index.(*ssa.Const)
		if !ok || idx.Value == nil {
			return nil
		}
		i, ok := constant.Int64Val(constant.ToInt(idx.Value))
		if !ok || i < 0 || int(i) >= len(vals) {
			return nil
		}
		for _, r := range ssax.Referrers(ia) {
			if st, ok := r.(*ssa.Store); ok && st.Addr == ia {
				vals[i] = stripAny(st.Val)
			}
		}
	}
	return vals
}

// stripAny undoes the conversion of an argument to any.
func stripAny(v ssa.Value) ssa.Value {
	if mi, ok := v.(*ssa.MakeInterface); ok && types.IsInterface(mi.X.Type()) {
		return mi.X
	}
	if ci, ok := v.(*ssa.ChangeInterface); ok {
		return ci.X
	}
	return v
}

// sentinelKey names a package-level error variable, with the aliases of
// the standard library folded into one.
func sentinelKey(v types.Object) string {
	if v == nil || v.Pkg() == nil {
		return ""
	}
	k := v.Pkg().Path() + "." + v.Name()
	if alias, ok := stdAliases[k]; ok {
		return alias
	}
	return k
}

// sentinelOf returns the package-level error variable that v loads, if any.
func sentinelOf(v ssa.Value) *ssa.Global {
	for range 3 {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.UnOp:
			if g, ok := x.X.(*ssa.Global); ok && x.Op == token.MUL {
				return g
			}
		}
		return nil
	}
	return nil
}

// through returns s as seen by a caller of the function name.
func through(s *summary, name string) *summary {
	if s.site == "" {
		return s
	}
	t := *s
	t.from = name
	return &t
}

func calleeName(fn *ssa.Function) string {
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// where formats pos for a message: "at line 12" in this package, or
// "at file.go:12" when the text is carried to other packages in a fact.
func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	if !p.IsValid() {
		return ""
	}
	return "at " + filepath.Base(p.Filename) + ":" + itoa(p.Line)
}

func itoa(i int) string {
	return constant.MakeInt64(int64(i)).String()
}

// isContextErr reports whether m is the Err method of context.Context,
// which returns context.Canceled or context.DeadlineExceeded.
func isContextErr(m *types.Func) bool {
	return typesx.IsObject(m, "context", "Err")
}

// exportedKeys reports whether set names an exported sentinel or error
// type, which importers may match.
func exportedKeys(set errSet) bool {
	for k := range set.sents {
		if _, name, _ := splitKey(k); name != "" && isUpper(name) {
			return true
		}
	}
	return false
}

// reachingStores returns the values stored to alloc that the load may
// read: the last store on each path back from the load. ok is false when
// the walk is too long to finish.
func reachingStores(load *ssa.UnOp, alloc *ssa.Alloc) (vals []ssa.Value, ok bool) {
	stores, ok := cfg.LastBefore(load, func(instr ssa.Instruction) bool {
		st, ok := instr.(*ssa.Store)
		return ok && st.Addr == alloc
	}, 5000)
	if !ok {
		return nil, false
	}
	for _, st := range stores {
		vals = append(vals, st.(*ssa.Store).Val)
	}
	return vals, true
}
