package driver

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime/debug"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// analyze runs the analyzers (in plan order) on a type-checked package and
// returns the root analyzers' results and the facts the package exports.
func (g *graph) analyze(n *node, pkg *types.Package, u *unit, analyzers []*analysis.Analyzer) (map[string]AnalyzerResult, []storedFact) {
	local := newFactTable()
	results := make(map[*analysis.Analyzer]any)
	failed := make(map[*analysis.Analyzer]bool)
	out := make(map[string]AnalyzerResult)
	var module *analysis.Module
	if m := n.lp.Module; m != nil {
		module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	}
	for _, a := range analyzers {
		skip := false
		for _, req := range a.Requires {
			if failed[req] {
				skip = true
			}
		}
		if skip {
			// The failed prerequisite's own error says why.
			failed[a] = true
			continue
		}
		var diags []analysis.Diagnostic
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         g.fset,
			Files:        u.files,
			OtherFiles:   n.lp.otherFiles(),
			IgnoredFiles: n.lp.absFiles(n.lp.IgnoredGoFiles),
			Pkg:          pkg,
			TypesInfo:    u.info,
			TypesSizes:   g.sizes,
			TypeErrors:   u.typeErrors,
			Module:       module,
			ResultOf:     make(map[*analysis.Analyzer]any, len(a.Requires)),
			ReadFile:     os.ReadFile,
			Report:       func(d analysis.Diagnostic) { diags = append(diags, d) },
		}
		for _, req := range a.Requires {
			pass.ResultOf[req] = results[req]
		}
		g.bindFacts(pass, n, pkg, local)
		result, err := runAnalyzer(pass)
		if err != nil {
			failed[a] = true
			if g.plan.roots[a] || !isStandardPass(a) {
				out[a.Name] = AnalyzerResult{Err: err.Error()}
			}
			continue
		}
		results[a] = result
		if g.plan.roots[a] {
			out[a.Name] = AnalyzerResult{Diagnostics: g.resolve(diags)}
		}
	}
	return out, local.encode(pkg)
}

// runAnalyzer runs one pass, turning a panic into an error that names the
// analyzer and carries the stack, so one bad package does not end the run.
func runAnalyzer(pass *analysis.Pass) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %s on %s: %v\n%s", pass.Analyzer.Name, pass.Pkg.Path(), r, debug.Stack())
		}
	}()
	result, err = pass.Analyzer.Run(pass)
	if err == nil && pass.Analyzer.ResultType != nil && reflect.TypeOf(result) != pass.Analyzer.ResultType {
		err = fmt.Errorf("internal error: on package %s, analyzer %s returned a result of type %v, but declared ResultType %v",
			pass.Pkg.Path(), pass.Analyzer.Name, reflect.TypeOf(result), pass.Analyzer.ResultType)
	}
	return result, err
}

// isStandardPass reports whether a is one of the x/tools passes leakvet's
// analyzers require, whose failures show up as the failure of the
// analyzers that require them. TestStandardPasses checks that the set is
// complete.
func isStandardPass(a *analysis.Analyzer) bool {
	return standardPasses[a]
}

var standardPasses = map[*analysis.Analyzer]bool{
	buildssa.Analyzer: true,
	ctrlflow.Analyzer: true,
	inspect.Analyzer:  true,
}

// resolve turns diagnostics into their printed form, in position order.
func (g *graph) resolve(diags []analysis.Diagnostic) []Diagnostic {
	out := make([]Diagnostic, 0, len(diags))
	pos := func(p token.Pos) string { return g.fset.Position(p).String() }
	for _, d := range diags {
		start := g.fset.Position(d.Pos)
		jd := Diagnostic{
			Category: d.Category,
			Posn:     start.String(),
			End:      pos(cmp.Or(d.End, d.Pos)),
			Message:  d.Message,
			sortKey:  diagnosticOrder{start.Filename, start.Offset},
		}
		for _, fix := range d.SuggestedFixes {
			sf := SuggestedFix{Message: fix.Message}
			for _, e := range fix.TextEdits {
				p, end := g.fset.Position(e.Pos), g.fset.Position(cmp.Or(e.End, e.Pos))
				sf.Edits = append(sf.Edits, TextEdit{Filename: p.Filename, Start: p.Offset, End: end.Offset, New: string(e.NewText)})
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, sf)
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, RelatedInfo{Posn: pos(r.Pos), End: pos(cmp.Or(r.End, r.Pos)), Message: r.Message})
		}
		out = append(out, jd)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].sortKey, out[j].sortKey
		if a.file != b.file {
			return a.file < b.file
		}
		if a.offset != b.offset {
			return a.offset < b.offset
		}
		return out[i].Message < out[j].Message
	})
	return out
}

// bindFacts gives the pass its fact functions: facts of this package live
// in local; those of other packages are read from the node that owns the
// object's package.
func (g *graph) bindFacts(pass *analysis.Pass, n *node, pkg *types.Package, local *factTable) {
	name := pass.Analyzer.Name
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		if obj == nil || obj.Pkg() != pkg {
			panic(fmt.Sprintf("%s: ExportObjectFact(%v) for an object of another package", name, obj))
		}
		local.setObject(name, obj, fact)
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		local.setPackage(name, pkg, fact)
	}
	pass.ImportObjectFact = func(obj types.Object, ptr analysis.Fact) bool {
		if obj == nil || obj.Pkg() == nil {
			return false
		}
		if obj.Pkg() == pkg {
			return local.getObject(name, obj, ptr)
		}
		owner := g.nodeOf(obj.Pkg())
		if owner == nil {
			return false
		}
		if g.factsOf(owner).getObject(name, obj, ptr) {
			return true
		}
		return owner.lp.Standard && owner.mode == modeExport && stdNoReturn(pass.Analyzer, obj, ptr)
	}
	pass.ImportPackageFact = func(other *types.Package, ptr analysis.Fact) bool {
		if other == pkg {
			return local.getPackage(name, other, ptr)
		}
		owner := g.nodeOf(other)
		return owner != nil && g.factsOf(owner).getPackage(name, other, ptr)
	}
	pass.AllObjectFacts = func() []analysis.ObjectFact {
		facts := local.allObjects(name)
		for _, dep := range transitiveImports(n) {
			facts = append(facts, g.factsOf(dep).allObjects(name)...)
		}
		return facts
	}
	pass.AllPackageFacts = func() []analysis.PackageFact {
		facts := local.allPackages(name)
		for _, dep := range transitiveImports(n) {
			facts = append(facts, g.factsOf(dep).allPackages(name)...)
		}
		return facts
	}
}

// factsOf returns the facts of a dependency, decoded against its types
// once. A dependency recompiled for a test has the facts of the plain
// package, decoded against the variant's types.
func (g *graph) factsOf(n *node) *factTable {
	n.decodeMu.Lock()
	defer n.decodeMu.Unlock()
	if n.decoded == nil {
		src := n
		if n.mode == modeTypes {
			src = g.byID[n.lp.path()]
		}
		n.decoded = newFactTable()
		if src != nil && n.types != nil {
			n.decoded.decode(src.facts, n.types, g.plan)
		}
	}
	return n.decoded
}
