package handlergc

import (
	_ "embed"
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/analyzerdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports runtime.GC and debug.FreeOSMemory reachable from an
// HTTP or gRPC handler.
var Analyzer = &analysis.Analyzer{
	Name:     "handlergc",
	Doc:      analyzerdoc.MustExtract(doc, "handlergc"),
	URL:      analyzerdoc.URL("handlergc"),
	Requires: []*analysis.Analyzer{buildssa.Analyzer, astindex.Analyzer},
	Run:      run,
}

// maxDepth bounds the chain of calls followed from a handler.
const maxDepth = 6

func run(pass *analysis.Pass) (any, error) {
	if !typesx.Imports(pass.Pkg, "runtime", "runtime/debug") {
		return nil, nil
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{pass: pass, rep: report.New(pass), memo: make(map[*ssa.Function]*gcSite)}
	syntax := pass.ResultOf[astindex.Analyzer].(*astindex.Index)
	reported := make(map[ssa.Instruction]bool)
	for _, fn := range ssainfo.SrcFuncs {
		kind := handlerKind(fn)
		if kind == "" || c.exempt(fn) || strings.HasSuffix(pass.Fset.Position(fn.Pos()).Filename, "_test.go") {
			continue
		}
		site := c.reachesGC(fn, 0)
		if site == nil || reported[site.call] || c.rep.Silenced(syntax.CallStart(site.call.Pos())) {
			continue
		}
		reported[site.call] = true
		via := ""
		if len(site.chain) > 0 {
			via = " (through " + strings.Join(site.chain, ", ") + ")"
		}
		c.rep.Report(analysis.Diagnostic{
			Pos: syntax.CallStart(site.call.Pos()),
			Message: fmt.Sprintf("%s runs on every request of %s %s%s: it stops the world for a full collection and stalls every goroutine while the server is busy; let the runtime pace collection (GOGC, GOMEMLIMIT), or move it to a rate-limited background task",
				site.what, kind, handlerName(fn), via),
			Related: []analysis.RelatedInformation{{Pos: fn.Pos(), Message: "the handler"}},
		})
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	rep  *report.Reporter
	memo map[*ssa.Function]*gcSite
}

// A gcSite is a call of runtime.GC or debug.FreeOSMemory and the chain of
// calls that leads to it from a function.
type gcSite struct {
	call  ssa.Instruction
	what  string
	chain []string
}

// handlerKind says whether fn is an HTTP handler (func(w
// http.ResponseWriter, r *http.Request), a ServeHTTP method or a function
// literal of that type) or a gRPC handler (a method of a service
// implementation, recognised by its embedded Unimplemented...Server), or
// neither ("").
func handlerKind(fn *ssa.Function) string {
	sig := fn.Signature
	ps := sig.Params()
	if ps.Len() == 2 && sig.Results().Len() == 0 &&
		typesx.IsNamed(ps.At(0).Type(), "net/http", "ResponseWriter") &&
		typesx.IsPointerTo(ps.At(1).Type(), "net/http", "Request") {
		return "HTTP handler"
	}
	if recv := sig.Recv(); recv != nil && fn.Object() != nil && fn.Object().Exported() && embedsUnimplementedServer(recv.Type()) {
		return "gRPC handler"
	}
	return ""
}

// embedsUnimplementedServer reports whether the struct behind t embeds a
// type named Unimplemented<Name>Server, as protoc-gen-go-grpc generates.
func embedsUnimplementedServer(t types.Type) bool {
	st, ok := typesx.Deref(t).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		if n := typesx.NamedOf(f.Type()); n != nil {
			name := n.Obj().Name()
			if strings.HasPrefix(name, "Unimplemented") && strings.HasSuffix(name, "Server") {
				return true
			}
		}
	}
	return false
}

func handlerName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "literal in " + fn.Parent().Name()
	}
	if recv := fn.Signature.Recv(); recv != nil {
		if n := typesx.NamedOf(recv.Type()); n != nil {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// exempt reports whether fn deliberately collects: it writes a heap
// profile (a fresh heap profile needs a GC first), or its name says it is
// about memory or debugging (an admin endpoint that frees memory on
// demand).
func (c *checker) exempt(fn *ssa.Function) bool {
	name := strings.ToLower(fn.Name())
	if fn.Parent() != nil {
		name = strings.ToLower(fn.Parent().Name())
	}
	for _, w := range []string{"gc", "garbage", "memory", "mem", "debug", "pprof", "profile", "heap", "freeos"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if f := ssax.Callee(ssax.CallOf(instr)); f != nil && f.Pkg() != nil &&
				(f.Pkg().Path() == "runtime/pprof" || f.Pkg().Path() == "net/http/pprof") {
				return true
			}
		}
	}
	return false
}

// reachesGC returns a call of runtime.GC or debug.FreeOSMemory that fn
// makes, directly or through functions and literals of the package it
// calls, up to maxDepth calls deep; nil if there is none or a function on
// the way is exempt.
func (c *checker) reachesGC(fn *ssa.Function, depth int) *gcSite {
	if s, ok := c.memo[fn]; ok {
		return s
	}
	c.memo[fn] = nil // recursion: nothing found yet
	if depth > maxDepth || (depth > 0 && c.exempt(fn)) {
		return nil
	}
	var callees []*ssa.Function
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call := ssax.CallOf(instr)
			if call == nil {
				continue
			}
			switch {
			case ssax.IsCall(call, "runtime", "GC"):
				s := &gcSite{call: instr, what: "runtime.GC()"}
				c.memo[fn] = s
				return s
			case ssax.IsCall(call, "runtime/debug", "FreeOSMemory"):
				s := &gcSite{call: instr, what: "debug.FreeOSMemory()"}
				c.memo[fn] = s
				return s
			}
			if callee := call.StaticCallee(); callee != nil && callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg && len(callee.Blocks) > 0 {
				callees = append(callees, callee)
			}
		}
	}
	sort.SliceStable(callees, func(i, j int) bool { return callees[i].Pos() < callees[j].Pos() })
	for _, callee := range callees {
		if s := c.reachesGC(callee, depth+1); s != nil {
			out := &gcSite{call: s.call, what: s.what, chain: append([]string{callee.Name()}, s.chain...)}
			c.memo[fn] = out
			return out
		}
	}
	return nil
}
