package lockorder

import (
	_ "embed"
	"fmt"
	"go/token"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports mutexes acquired in orders that form a cycle.
var Analyzer = &analysis.Analyzer{
	Name:      "lockorder",
	Doc:       analyzerdoc.MustExtract(doc, "lockorder"),
	URL:       analyzerdoc.URL("lockorder"),
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	FactTypes: []analysis.Fact{new(orderFact)},
	Run:       run,
}

// An edge is "To acquired while From is held", at one place.
type edge struct {
	from, to lockset.Key
	held     lockset.Held // the hold of From
	acq      *lockset.Op  // the acquisition of To
	fn       *ssa.Function
	// guards are the other mutexes held for writing on every path to the
	// acquisition: a lock every edge of a cycle holds serializes them.
	guards []lockset.Key
}

// orderFact is the package fact listing the package's lock-order edges
// between keys other packages can name, so that a cycle closed in an
// importing package is found.
type orderFact struct {
	Edges []FactEdge
}

// A FactEdge is one edge of orderFact.
type FactEdge struct {
	From, To lockset.Key
	Func     string // where: the function
	Pos      string // where: file:line of the acquisition of To
	// HeldRead and AcqRead say whether From is held and To acquired for
	// reading, Guards which other mutexes are held for writing (see
	// edge.guards), so that a longer cycle can be judged like a local one.
	HeldRead, AcqRead bool
	Guards            []lockset.Key
}

func (*orderFact) AFact() {}

func (f *orderFact) String() string {
	var parts []string
	for _, e := range f.Edges {
		parts = append(parts, e.From.String()+"->"+e.To.String())
	}
	return "lockorder(" + strings.Join(parts, " ") + ")"
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	rep := report.New(pass)
	edges := collect(ssainfo.SrcFuncs, locks, locks.HandedOver(ssainfo.SrcFuncs))
	// A test takes locks to force an interleaving (hold a batch's lock so
	// that a merge waits on it, then step the merge along): its order is
	// deliberate, and a test that deadlocks fails by its own timeout.
	edges = slices.DeleteFunc(edges, func(e edge) bool { return rep.InTestFile(e.fn.Pos()) })
	export(pass, edges)

	byPair := make(map[[2]lockset.Key][]edge)
	for _, e := range edges {
		k := [2]lockset.Key{e.from, e.to}
		byPair[k] = append(byPair[k], e)
	}
	// Local cycles of two: A->B here, B->A there. Reported once, at the
	// first acquisition of the pair whose From sorts first.
	var pairs [][2]lockset.Key
	for k := range byPair {
		if k[0].String() < k[1].String() {
			pairs = append(pairs, k)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i][0].String()+" "+pairs[i][1].String() < pairs[j][0].String()+" "+pairs[j][1].String()
	})
	reported := make(map[[2]lockset.Key]bool)
	for _, k := range pairs {
		back := byPair[[2]lockset.Key{k[1], k[0]}]
		if len(back) == 0 {
			continue
		}
		e, o, ok := writerPair(byPair[k], back)
		if !ok {
			continue
		}
		reported[k] = true
		rep.Report(analysis.Diagnostic{
			Pos:     e.acq.Pos(),
			Message: message(pass, e, describe(pass, o)),
			Related: []analysis.RelatedInformation{
				{Pos: o.acq.Pos(), Message: fmt.Sprintf("%s acquired here while holding %s", o.to, o.from)},
				{Pos: o.held.Op.Pos(), Message: fmt.Sprintf("%s acquired here first", o.from)},
			},
		})
	}
	// Cycles closed with an edge of an imported package.
	imported := importedEdges(pass)
	for _, k := range sortedKeys(byPair) {
		if reported[k] || reported[[2]lockset.Key{k[1], k[0]}] {
			continue
		}
		back, ok := imported[[2]lockset.Key{k[1], k[0]}]
		if !ok {
			continue
		}
		e := byPair[k][0]
		rep.Report(analysis.Diagnostic{
			Pos:     e.acq.Pos(),
			Message: message(pass, e, fmt.Sprintf("%s locks them in the opposite order (%s)", back.Func, back.Pos)),
		})
	}
	// Cycles through three or four mutexes.
	reportCycles(pass, rep, edges, byPair, imported)
	return nil, nil
}

// writerPair returns an edge of each direction whose cycle needs no
// writer to queue: neither mutex is only read-locked on both sides (A
// read-held here and read-acquired there lets both goroutines through
// unless a third one waits to write). ok is false if there is none.
func writerPair(fwd, back []edge) (edge, edge, bool) {
	for _, e := range fwd {
		for _, o := range back {
			// e: e.to acquired holding e.from; o: o.to (= e.from)
			// acquired holding o.from (= e.to).
			sharedFrom := e.held.Read && o.acq.Read()
			sharedTo := e.acq.Read() && o.held.Read
			if !sharedFrom && !sharedTo {
				return e, o, true
			}
		}
	}
	return edge{}, edge{}, false
}

// collect returns the lock-order edges of the package's functions: at
// each acquisition, one edge from every other lock held on every path.
func collect(funcs []*ssa.Function, locks *lockset.Result, handedOver map[lockset.Key]bool) []edge {
	var edges []edge
	for _, fn := range funcs {
		f := locks.Func(fn)
		if !f.OK {
			continue
		}
		for _, op := range f.Ops {
			if !op.Kind.Acquires() || op.Deferred || !op.Fresh || !op.Always || !nameable(op.Mutex.Key) {
				continue
			}
			if panicsAfter(op.Instr) {
				continue // a misuse path that ends in a panic
			}
			held := f.HeldAt(op.Instr)
			for _, h := range held {
				if handedOver[h.Mutex.Key] {
					continue // a goroutine unlocks it: held only until then
				}
				if releasedBy(f, op.Instr, h.Mutex) {
					continue // the callee drops it first (a ...AndUnlock helper)
				}
				if h.Op == nil || !h.Op.Pos().IsValid() || !nameable(h.Mutex.Key) || h.Mutex.Key == op.Mutex.Key {
					continue // same key: instances of one type, ordered by the code (by address, parent to child)
				}
				if h.Read && op.Read() {
					continue // readers do not exclude readers
				}
				if unshared(fn, h.Mutex) || unshared(fn, op.Mutex) {
					continue // an object this function is still building: no other goroutine can hold its lock
				}
				edges = append(edges, edge{from: h.Mutex.Key, to: op.Mutex.Key, held: h, acq: op, fn: fn, guards: guards(held, h.Mutex.Key, op.Mutex.Key)})
			}
		}
	}
	sort.SliceStable(edges, func(i, j int) bool { return edges[i].acq.Pos() < edges[j].acq.Pos() })
	return edges
}

// guards returns the keys of the mutexes of held, other than from and to,
// held for writing: locks that serialize the edge from -> to with every
// other edge taken under them.
func guards(held []lockset.Held, from, to lockset.Key) []lockset.Key {
	var out []lockset.Key
	for _, g := range held {
		k := g.Mutex.Key
		if g.Read || !nameable(k) || k == from || k == to || slices.Contains(out, k) {
			continue
		}
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// unshared reports whether m belongs to an object fn allocates itself
// (`c := &Client{}` in NewClient) and has not yet handed to anything that
// could run concurrently: no go statement or goroutine-starting call
// receives it, and it is not stored anywhere but in its own variable. Its
// lock cannot be held by another goroutine, so it cannot close a cycle.
func unshared(fn *ssa.Function, m lockset.Mutex) bool {
	alloc, ok := m.Base.(*ssa.Alloc)
	if !ok || alloc.Parent() != fn {
		return false
	}
	// Follow the object through the local variables it is kept in
	// (`client := &Client{}` may live in a cell of its own).
	work := []ssa.Value{alloc}
	seen := map[ssa.Value]bool{}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] || len(seen) > 16 {
			continue
		}
		seen[v] = true
		for _, r := range ssax.Referrers(v) {
			switch r := r.(type) {
			case *ssa.Go, *ssa.MakeClosure, *ssa.Send, *ssa.MakeInterface:
				return false
			case *ssa.Store:
				if r.Val != v {
					continue
				}
				cell, ok := r.Addr.(*ssa.Alloc)
				if !ok || cell.Parent() != fn {
					return false
				}
				for _, load := range ssax.Referrers(cell) {
					if u, ok := load.(*ssa.UnOp); ok && u.Op == token.MUL {
						work = append(work, u)
					} else if _, ok := load.(*ssa.MakeClosure); ok {
						return false
					}
				}
			}
		}
	}
	return true
}

// releasedBy reports whether the call instr releases m (its callee
// unlocks the caller's lock): its acquisitions are not made under m.
func releasedBy(f *lockset.Func, instr ssa.Instruction, m lockset.Mutex) bool {
	for _, op := range f.OpsAt(instr) {
		if op.Callee != nil && op.Kind.Releases() && op.Mutex == m {
			return true
		}
	}
	return false
}

// panicsAfter reports whether every way on from instr ends in a panic:
// no return is reachable, and a panic is.
func panicsAfter(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil {
		return false
	}
	i := cfg.Index(instr)
	if (cfg.Query{Target: cfg.IsReturn}).At(b, i+1) != nil {
		return false
	}
	isPanic := func(x ssa.Instruction) bool { _, ok := x.(*ssa.Panic); return ok }
	return (cfg.Query{Target: isPanic}).At(b, i+1) != nil
}

// nameable reports whether a key names the same mutex in every function:
// a field of a named type or a package variable.
func nameable(k lockset.Key) bool {
	return k.Kind == lockset.FieldKey || k.Kind == lockset.GlobalKey
}

// export records the package's edges as a fact, one per pair of keys: the
// first of the pair's edges that constrains a cycle least (no reader side,
// fewest guards).
func export(pass *analysis.Pass, edges []edge) {
	at := make(map[[2]lockset.Key]int)
	fact := &orderFact{}
	for _, e := range edges {
		k := [2]lockset.Key{e.from, e.to}
		p := pass.Fset.Position(e.acq.Pos())
		fe := FactEdge{From: e.from, To: e.to, Func: funcName(pass, e.fn), Pos: fmt.Sprintf("%s:%d", shortFile(p.Filename), p.Line),
			HeldRead: e.held.Read, AcqRead: e.acq.Read(), Guards: e.guards}
		if i, seen := at[k]; seen {
			if weight(fe) < weight(fact.Edges[i]) {
				fact.Edges[i] = fe
			}
			continue
		}
		at[k] = len(fact.Edges)
		fact.Edges = append(fact.Edges, fe)
	}
	if len(fact.Edges) > 0 {
		pass.ExportPackageFact(fact)
	}
}

// weight orders the edges of one pair for the fact: one that takes part in
// more cycles (no reader side, fewer guards) first.
func weight(e FactEdge) int {
	w := len(e.Guards)
	if e.HeldRead || e.AcqRead {
		w += 100
	}
	return w
}

// importedEdges returns the edges of the packages this one imports.
func importedEdges(pass *analysis.Pass) map[[2]lockset.Key]FactEdge {
	out := make(map[[2]lockset.Key]FactEdge)
	for _, pf := range pass.AllPackageFacts() {
		f, ok := pf.Fact.(*orderFact)
		if !ok || pf.Package == pass.Pkg {
			continue
		}
		for _, e := range f.Edges {
			k := [2]lockset.Key{e.From, e.To}
			// Of the edges of several packages, keep one independent
			// of the order the facts come in.
			if o, dup := out[k]; !dup || weight(e) < weight(o) || weight(e) == weight(o) && e.Pos+e.Func < o.Pos+o.Func {
				out[k] = e
			}
		}
	}
	return out
}

func sortedKeys(m map[[2]lockset.Key][]edge) [][2]lockset.Key {
	var ks [][2]lockset.Key
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		return m[ks[i]][0].acq.Pos() < m[ks[j]][0].acq.Pos()
	})
	return ks
}

// describe names the place of the opposite edge for the message.
func describe(pass *analysis.Pass, o edge) string {
	return fmt.Sprintf("%s locks them in the opposite order at line %d", funcName(pass, o.fn), pass.Fset.Position(o.acq.Pos()).Line)
}

// message says what goes wrong and the usual fix.
func message(pass *analysis.Pass, e edge, other string) string {
	what := e.acq.Mutex.Name()
	if e.acq.Callee != nil {
		what = fmt.Sprintf("%s (by the call to %s)", what, e.acq.Via[0])
	}
	return fmt.Sprintf("lock order inversion: %s is acquired while holding %s (line %d), and %s: two goroutines can each hold one and wait forever for the other; take %s and %s in one order everywhere",
		what, e.held.Mutex.Name(), pass.Fset.Position(e.held.Op.Pos()).Line, other, e.from, e.to)
}

func funcName(pass *analysis.Pass, fn *ssa.Function) string {
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	return fn.RelString(pass.Pkg)
}

func shortFile(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		return name[i+1:]
	}
	return name
}
