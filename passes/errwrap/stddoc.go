package errwrap

//go:generate go test -run TestStdErrDocTable -update .

import (
	"go/types"
	"sort"
	"strings"
	"sync"
)

// What the standard library's documentation says about its errors, one
// table per Go release (stderrdoc_go1.N.go, written by `go test
// ./passes/errwrap -run TestStdErrDocTable -update` under that release,
// which without -update checks that the go command's release has a table
// and that it is current). The tables are generated from the doc comments
// of $(go env GOROOT)/src, never written by hand:
//
//   - mentions: for each exported function and method that returns an
//     error, the exported error types and sentinels of the standard
//     library its doc comment names (json.Unmarshal: *json.SyntaxError,
//     *json.UnmarshalTypeError, *json.InvalidUnmarshalError). That is what
//     "may carry something callers match" rests on for a function the
//     precise table of stdlib.go does not know: a package's other errors
//     are not evidence about this function.
//   - wrapped: the sentinels a doc comment says are returned wrapped or are
//     to be tested with errors.Is (the os and io/fs errors,
//     os.ErrDeadlineExceeded, errors.ErrUnsupported), not those it says
//     are returned as they are (io.EOF: "not an error wrapping EOF").
//
// At analysis time the names are resolved again in the callee's package
// with go/types (resolveErrorKey), so a name of the callee's package that a
// release does not declare, or no longer declares as an error, counts for
// nothing. The tables of every release are
// used together: the analyzer cannot know which release's standard library
// the code is built with, and a name must exist in it to count.
//
// uses counts the references to each of those errors in the standard
// library's source outside the package that declares it: how often other
// code names it, which orders messages (most telling first).
type stdErrDoc struct {
	mentions map[string][]string // function key -> error keys, most used first
	wrapped  map[string]bool     // sentinel keys
	uses     map[string]int      // error key -> references
}

// stdErrDocTables maps a Go release ("go1.26") to its table. Filled by
// the generated files.
var stdErrDocTables = map[string]stdErrDoc{}

// stdFuncKey names a function or method for the tables: "os.Open",
// "encoding/json.Decoder.Decode".
func stdFuncKey(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := t.(*types.Named)
		if !ok {
			return ""
		}
		return fn.Pkg().Path() + "." + n.Obj().Name() + "." + fn.Name()
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// stdDocMentions returns the error keys the doc comment of the standard
// library function fn names, resolved with go/types in fn's package and
// the packages it imports, in the tables' order without duplicates.
func stdDocMentions(fn *types.Func, errorType *types.Interface) []string {
	key := stdFuncKey(fn)
	if key == "" {
		return nil
	}
	var out []string
	seen := make(map[string]bool)
	for _, rel := range stdErrDocReleases() {
		for _, k := range stdErrDocTables[rel].mentions[key] {
			if seen[k] {
				continue
			}
			seen[k] = true
			if resolveErrorKey(fn.Pkg(), k, errorType) {
				out = append(out, k)
			}
		}
	}
	return out
}

// stdDocWrapped reports whether the standard library documents the
// sentinel key as returned wrapped (or to be tested with errors.Is).
func stdDocWrapped(key string) bool { return stdDocMerged().wrapped[key] }

// stdDocUses returns how often the standard library refers to the error
// key, in the newest table that counts it.
func stdDocUses(key string) int { return stdDocMerged().uses[key] }

// stdErrDocReleases lists the releases with a table, newest first.
func stdErrDocReleases() []string { return stdDocMerged().releases }

type mergedErrDoc struct {
	releases []string
	wrapped  map[string]bool
	uses     map[string]int
}

// stdDocMerged puts the tables of every release together, once: the
// generated files fill stdErrDocTables in init functions, before any
// analysis runs.
var stdDocMerged = sync.OnceValue(func() mergedErrDoc { return mergeErrDocs(stdErrDocTables) })

// mergeErrDocs puts tables together: a sentinel documented wrapped in one
// release counts in all, and the newest release that counts an error's
// references gives its count.
func mergeErrDocs(tables map[string]stdErrDoc) mergedErrDoc {
	m := mergedErrDoc{wrapped: make(map[string]bool), uses: make(map[string]int)}
	for r := range tables {
		m.releases = append(m.releases, r)
	}
	sort.Slice(m.releases, func(i, j int) bool { return releaseLess(m.releases[j], m.releases[i]) })
	for _, r := range m.releases {
		t := tables[r]
		for k := range t.wrapped {
			m.wrapped[k] = true
		}
		for k, n := range t.uses {
			if _, ok := m.uses[k]; !ok {
				m.uses[k] = n
			}
		}
	}
	return m
}

func releaseLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// resolveErrorKey reports whether key ("type *encoding/json.SyntaxError",
// "io/fs.ErrNotExist"), named by the documentation of a function of the
// package from, is an error type or sentinel there, with go/types. One of
// from itself must be declared, exported and an error. One of another
// package is checked the same way when that package is among from's
// imports with the name in it; but a package read from export data holds
// only the objects of its dependencies that its own API uses, so a
// dependency or a name it does not hold is taken from the table, which
// the generator checked with the complete types of its release.
func resolveErrorKey(from *types.Package, key string, errorType *types.Interface) bool {
	path, name, isType := splitKey(key)
	if name == "" {
		return false
	}
	pkg := lookupPackage(from, path)
	if pkg == nil {
		return path != from.Path()
	}
	obj := pkg.Scope().Lookup(name)
	if obj == nil {
		return pkg != from
	}
	if !obj.Exported() {
		return false
	}
	if isType {
		tn, ok := obj.(*types.TypeName)
		if !ok {
			return false
		}
		t := tn.Type()
		if strings.HasPrefix(strings.TrimPrefix(key, "type "), "*") {
			t = types.NewPointer(t)
		}
		return types.Implements(t, errorType)
	}
	v, ok := obj.(*types.Var)
	return ok && types.Implements(v.Type(), errorType)
}

// lookupPackage finds the package at path among from and the packages it
// imports, directly or not, breadth first and bounded.
func lookupPackage(from *types.Package, path string) *types.Package {
	queue := []*types.Package{from}
	seen := map[*types.Package]bool{from: true}
	for i := 0; i < len(queue) && i < 500; i++ {
		p := queue[i]
		if p.Path() == path {
			return p
		}
		for _, imp := range p.Imports() {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
			}
		}
	}
	return nil
}
