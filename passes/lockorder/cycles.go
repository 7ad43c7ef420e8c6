package lockorder

import (
	"fmt"
	"go/token"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
)

// Bounds of the search for longer cycles: cycles of up to maxCycle
// mutexes, at most maxSteps extensions of a path and maxExamined distinct
// cycles per package, at most maxInstances edges of one pair considered,
// and at most maxCombos choices of one edge per pair tried for one cycle.
const (
	maxCycle     = 4
	maxSteps     = 200000
	maxExamined  = 2000
	maxInstances = 8
	maxCombos    = 4096
)

// An arc is one instance of a graph edge From -> To: a local edge, or the
// edge of an imported package's fact.
type arc struct {
	local             *edge     // nil for an imported edge
	fact              *FactEdge // set for an imported edge
	heldRead, acqRead bool
	guards            []lockset.Key
}

func (a arc) pos() token.Pos {
	if a.local == nil {
		return token.NoPos
	}
	return a.local.acq.Pos()
}

// graph is the lock-order graph of the package and its imports: for each
// From, for each To, the instances of the edge (local ones first, in
// order of position; an imported one only when there is no local one).
type graph struct {
	arcs  map[lockset.Key]map[lockset.Key][]arc
	order map[lockset.Key][]lockset.Key // memoised succs
}

func buildGraph(byPair map[[2]lockset.Key][]edge, imported map[[2]lockset.Key]FactEdge) *graph {
	g := &graph{arcs: make(map[lockset.Key]map[lockset.Key][]arc), order: make(map[lockset.Key][]lockset.Key)}
	add := func(k [2]lockset.Key, a arc) {
		m := g.arcs[k[0]]
		if m == nil {
			m = make(map[lockset.Key][]arc)
			g.arcs[k[0]] = m
		}
		m[k[1]] = append(m[k[1]], a)
	}
	for k, es := range byPair {
		seen := make(map[string]bool)
		for i := range es {
			e := &es[i]
			sig := fmt.Sprint(e.held.Read, e.acq.Read(), e.guards)
			if seen[sig] || len(seen) >= maxInstances {
				continue // an instance that constrains a cycle no differently
			}
			seen[sig] = true
			add(k, arc{local: e, heldRead: e.held.Read, acqRead: e.acq.Read(), guards: e.guards})
		}
	}
	for k, fe := range imported {
		if _, ok := byPair[k]; ok {
			continue
		}
		fe := fe
		add(k, arc{fact: &fe, heldRead: fe.HeldRead, acqRead: fe.AcqRead, guards: fe.Guards})
	}
	return g
}

func (g *graph) has(from, to lockset.Key) bool {
	_, ok := g.arcs[from][to]
	return ok
}

// succs returns the successors of k in a fixed order.
func (g *graph) succs(k lockset.Key) []lockset.Key {
	if out, ok := g.order[k]; ok {
		return out
	}
	var out []lockset.Key
	for to := range g.arcs[k] {
		out = append(out, to)
	}
	sort.Slice(out, func(i, j int) bool { return keyLess(out[i], out[j]) })
	g.order[k] = out
	return out
}

func keyLess(a, b lockset.Key) bool {
	if a.String() != b.String() {
		return a.String() < b.String()
	}
	return cycleID([]lockset.Key{a}) < cycleID([]lockset.Key{b})
}

// reportCycles reports the cycles of three or more mutexes that go through
// at least one edge of this package: each once, at the first acquisition
// of its local edges.
func reportCycles(pass *analysis.Pass, rep *report.Reporter, edges []edge, byPair map[[2]lockset.Key][]edge, imported map[[2]lockset.Key]FactEdge) {
	g := buildGraph(byPair, imported)
	seen := make(map[string]bool)
	steps := 0
	var pending []found
	// Search from every local edge, in order of position: the cycles
	// through it are the paths back from its To to its From.
	var starts [][2]lockset.Key
	done := make(map[[2]lockset.Key]bool)
	for _, e := range edges {
		k := [2]lockset.Key{e.from, e.to}
		if !done[k] {
			done[k] = true
			starts = append(starts, k)
		}
	}
	for _, k := range starts {
		path := []lockset.Key{k[0], k[1]}
		var dfs func()
		dfs = func() {
			if steps > maxSteps || len(seen) > maxExamined {
				return
			}
			steps++
			last := path[len(path)-1]
			for _, next := range g.succs(last) {
				if next == path[0] {
					if len(path) >= 3 {
						cycle := canonical(path)
						id := cycleID(cycle)
						if !seen[id] {
							seen[id] = true
							if d, ok := cycleDiagnostic(pass, g, cycle); ok {
								pending = append(pending, d)
							}
						}
					}
					continue
				}
				if len(path) >= maxCycle || slices.Contains(path, next) {
					continue
				}
				path = append(path, next)
				dfs()
				path = path[:len(path)-1]
			}
		}
		dfs()
	}
	// One report per acquisition: its shortest cycle, the first found
	// among those, with the count of the others.
	sort.SliceStable(pending, func(i, j int) bool {
		if pending[i].Pos != pending[j].Pos {
			return pending[i].Pos < pending[j].Pos
		}
		return pending[i].n < pending[j].n
	})
	for i := 0; i < len(pending); {
		j := i + 1
		for j < len(pending) && pending[j].Pos == pending[i].Pos {
			j++
		}
		d := pending[i].Diagnostic
		switch j - i {
		case 1:
		case 2:
			d.Message += " (and one more cycle through this acquisition)"
		default:
			d.Message += fmt.Sprintf(" (and %d more cycles through this acquisition)", j-i-1)
		}
		rep.Report(d)
		i = j
	}
}

// found is a cycle to report, of n mutexes.
type found struct {
	analysis.Diagnostic
	n int
}

// canonical rotates a cycle to start at its smallest key.
func canonical(path []lockset.Key) []lockset.Key {
	lo := 0
	for i, k := range path {
		if keyLess(k, path[lo]) {
			lo = i
		}
	}
	out := make([]lockset.Key, 0, len(path))
	out = append(out, path[lo:]...)
	return append(out, path[:lo]...)
}

func cycleID(cycle []lockset.Key) string {
	var b strings.Builder
	for _, k := range cycle {
		fmt.Fprintf(&b, "%d|%s|%s|%s;", k.Kind, k.Pkg, k.Type, k.Path)
	}
	return b.String()
}

// cycleDiagnostic returns the report of one cycle (cycle[i] -> cycle[i+1],
// the last back to the first); ok is false if it has a chord, none of its
// edges is local, or no choice of one instance per edge can deadlock.
func cycleDiagnostic(pass *analysis.Pass, g *graph, cycle []lockset.Key) (found, bool) {
	n := len(cycle)
	// A chord closes a shorter cycle through some of these mutexes (with
	// two, the inversion of a pair); that one is the simpler report.
	for i, a := range cycle {
		for j, b := range cycle {
			if i != j && j != (i+1)%n && g.has(a, b) {
				return found{}, false
			}
		}
	}
	arcs := make([][]arc, n)
	local := false
	for i := range cycle {
		arcs[i] = g.arcs[cycle[i]][cycle[(i+1)%n]]
		if arcs[i][0].local != nil {
			local = true
		}
	}
	if !local {
		return found{}, false // the package of one of the edges reports it
	}
	choice, ok := chooseArcs(arcs)
	if !ok {
		return found{}, false
	}
	// Report at the first local acquisition; the message walks the cycle
	// from there.
	first := -1
	for i, a := range choice {
		if a.local != nil && (first < 0 || a.pos() < choice[first].pos()) {
			first = i
		}
	}
	e := choice[first].local
	var others []string
	var related []analysis.RelatedInformation
	for d := 1; d < n; d++ {
		i := (first + d) % n
		a := choice[i]
		from, to := cycle[i], cycle[(i+1)%n]
		if a.local != nil {
			others = append(others, fmt.Sprintf("%s takes %s while holding %s at line %d", funcName(pass, a.local.fn), to, from, pass.Fset.Position(a.pos()).Line))
			related = append(related, report.Related(a.pos(), fmt.Sprintf("%s acquired here while holding %s", to, from)))
		} else {
			others = append(others, fmt.Sprintf("%s takes %s while holding %s (%s)", a.fact.Func, to, from, a.fact.Pos))
		}
	}
	related = append(related, report.Related(e.held.Op.Pos(), fmt.Sprintf("%s acquired here first", e.from)))
	names := make([]string, 0, n+1)
	for d := 0; d <= n; d++ {
		names = append(names, cycle[(first+d)%n].String())
	}
	what := e.acq.Mutex.Name()
	if e.acq.Callee != nil {
		what = fmt.Sprintf("%s (by the call to %s)", what, e.acq.Via[0])
	}
	return found{n: n, Diagnostic: analysis.Diagnostic{
		Pos: e.acq.Pos(),
		Message: fmt.Sprintf("lock order cycle %s: %s is acquired while holding %s (line %d), %s: %s goroutines can each hold one and wait forever for the next; take these mutexes in one order everywhere",
			strings.Join(names, " -> "), what, e.held.Mutex.Name(), pass.Fset.Position(e.held.Op.Pos()).Line, strings.Join(others, ", "), count(n)),
		Related: related,
	}}, true
}

// chooseArcs picks one instance of each edge of a cycle such that the
// goroutines running them can block each other: no mutex is read-held by
// the edge leaving it and read-acquired by the edge entering it (readers
// pass each other), and no mutex is held for writing by all of them (it
// serializes them). The first such choice in order wins; ok is false if
// there is none within the bound.
func chooseArcs(arcs [][]arc) ([]arc, bool) {
	n := len(arcs)
	choice := make([]arc, n)
	tried := 0
	var try func(i int) bool
	try = func(i int) bool {
		if i == n {
			return !readersPass(choice, n, n-1) && !commonGuard(choice)
		}
		for _, a := range arcs[i] {
			if tried++; tried > maxCombos {
				return false
			}
			choice[i] = a
			// The mutex cycle[i] is held by arc i and acquired by arc i-1.
			if i > 0 && readersPass(choice, n, i) {
				continue
			}
			if try(i + 1) {
				return true
			}
		}
		return false
	}
	return choice, try(0)
}

// readersPass reports whether the mutex between choice[i-1] and choice[i]
// (and, for i == n-1, also the one between the last and the first) is
// read-acquired by the former and read-held by the latter.
func readersPass(choice []arc, n, i int) bool {
	if i > 0 && choice[i-1].acqRead && choice[i].heldRead {
		return true
	}
	return i == n-1 && choice[n-1].acqRead && choice[0].heldRead
}

func commonGuard(choice []arc) bool {
	for _, k := range choice[0].guards {
		all := true
		for _, a := range choice[1:] {
			if !slices.Contains(a.guards, k) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// count spells a small number for messages.
func count(n int) string {
	switch n {
	case 3:
		return "three"
	case 4:
		return "four"
	}
	return fmt.Sprint(n)
}
