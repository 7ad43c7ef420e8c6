package errwrap

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/passes/internal/typesx"
)

var update = flag.Bool("update", false, "write the go command's release's stderrdoc_go1.N.go from its standard library's doc comments")

// TestStdErrDocTable reads the doc comments of the standard library of the
// go command's release and checks that errwrap has a table for that
// release (stderrdoc_go1.N.go) and that it says the same. Under a new
// release, write its table with -update and keep the older ones.
func TestStdErrDocTable(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the whole standard library")
	}
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	release := languageRelease(strings.TrimSpace(string(out)))
	got := stdErrDocFromSource(t)
	file := "stderrdoc_" + release + ".go"
	if *update {
		if err := os.WriteFile(file, formatErrDoc(t, release, got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, ok := stdErrDocTables[release]
	if !ok {
		t.Fatalf("no table of the standard library's documented errors for %s; write %s: go test ./passes/errwrap -run TestStdErrDocTable -update", release, file)
	}
	for k, v := range got.mentions {
		if !sameSet(v, want.mentions[k]) {
			t.Errorf("%s: its doc names %v, the %s table says %v", k, v, release, want.mentions[k])
		}
	}
	for k := range want.mentions {
		if _, ok := got.mentions[k]; !ok {
			t.Errorf("%s: the %s table lists %v, its doc names none", k, release, want.mentions[k])
		}
	}
	for k := range got.wrapped {
		if !want.wrapped[k] {
			t.Errorf("%s is documented as wrapped, the %s table does not say so", k, release)
		}
	}
	for k := range want.wrapped {
		if !got.wrapped[k] {
			t.Errorf("the %s table says %s is documented as wrapped, the doc does not", release, k)
		}
	}
	// What the rest of errwrap relies on.
	for _, k := range []string{"io/fs.ErrNotExist", "os.ErrDeadlineExceeded"} {
		if !want.wrapped[k] {
			t.Errorf("the %s table lacks %s as documented wrapped", release, k)
		}
	}
	if want.wrapped["io.EOF"] {
		t.Errorf("the %s table says io.EOF is documented wrapped: Read returns it unwrapped", release)
	}
	if !slices.Contains(want.mentions["encoding/json.Unmarshal"], "type *encoding/json.UnmarshalTypeError") {
		t.Errorf("the %s table lacks *json.UnmarshalTypeError for json.Unmarshal", release)
	}
	if t.Failed() {
		t.Logf("rewrite %s: go test ./passes/errwrap -run TestStdErrDocTable -update", file)
	}
}

// sameSet compares two lists of keys ignoring order: the order follows
// how often the standard library refers to each error, which moves with
// every patch release.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// languageRelease turns "go1.26.3" or "go1.27rc1" into "go1.26", "go1.27".
func languageRelease(v string) string {
	v, _, _ = strings.Cut(v, " ")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	minor := parts[1]
	if i := strings.IndexFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		minor = parts[1][:i]
	}
	return parts[0] + "." + minor
}

var (
	// mentionRE finds the names a doc comment refers to: ErrX, *PathError,
	// fs.ErrNotExist, [os.ErrDeadlineExceeded].
	mentionRE = regexp.MustCompile(`(\*?)(?:\b([a-z][a-z0-9]*)\.)?\b([A-Z][A-Za-z0-9_]*)\b`)
	// wrapRE marks a sentence about wrapping or errors.Is; negRE one that
	// says the error is not wrapped.
	wrapRE = regexp.MustCompile(`(?i)\bwrap|errors\.Is\b`)
	negRE  = regexp.MustCompile(`(?i)\bnot\b|\bnever\b|\bunwrapped\b|\bitself\b|\bunchanged\b`)
)

// stdErrDocFromSource builds the table from the standard library of the
// go command: types from export data, doc comments from the source.
func stdErrDocFromSource(t *testing.T) stdErrDoc {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedFiles | packages.NeedTypes | packages.NeedImports}
	pkgs, err := packages.Load(cfg, "std")
	if err != nil {
		t.Fatal(err)
	}
	errorType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	doc := stdErrDoc{mentions: make(map[string][]string), wrapped: make(map[string]bool)}
	byPath := make(map[string]*packages.Package)
	for _, p := range pkgs {
		byPath[p.PkgPath] = p
	}
	for _, p := range pkgs {
		if p.Types == nil || !publicStd(p.PkgPath) {
			continue
		}
		fset := token.NewFileSet()
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			// The packages the file imports, by name.
			imports := make(map[string]*types.Package)
			for _, spec := range f.Imports {
				path, _ := strconv.Unquote(spec.Path.Value)
				ip := byPath[path]
				if ip == nil || ip.Types == nil {
					continue
				}
				name := ip.Types.Name()
				if spec.Name != nil {
					name = spec.Name.Name
				}
				imports[name] = ip.Types
			}
			resolve := func(star, qual, name string) (key string, sentinel bool) {
				pkg := p.Types
				if qual != "" {
					if pkg = imports[qual]; pkg == nil {
						if qual != p.Types.Name() {
							return "", false
						}
						pkg = p.Types
					}
				}
				if !publicStd(pkg.Path()) {
					return "", false
				}
				switch obj := pkg.Scope().Lookup(name).(type) {
				case *types.TypeName:
					t := types.Unalias(obj.Type())
					if types.IsInterface(t) {
						return "", false
					}
					if star == "" && types.Implements(t, errorType) {
						return typeKey(t), false
					}
					if types.Implements(types.NewPointer(t), errorType) {
						return typeKey(types.NewPointer(t)), false
					}
				case *types.Var:
					if obj.Exported() && types.Implements(obj.Type(), errorType) {
						return sentinelKey(obj), true
					}
				}
				return "", false
			}
			mentions := func(text string) (keys []string) {
				for _, m := range mentionRE.FindAllStringSubmatch(text, -1) {
					if k, _ := resolve(m[1], m[2], m[3]); k != "" && !slices.Contains(keys, k) {
						keys = append(keys, k)
					}
				}
				return keys
			}
			wrappedIn := func(text string, group []string) {
				for _, s := range sentences(text) {
					if !wrapRE.MatchString(s) || negRE.MatchString(s) {
						continue
					}
					named := false
					for _, m := range mentionRE.FindAllStringSubmatch(s, -1) {
						if k, sentinel := resolve(m[1], m[2], m[3]); sentinel {
							if os.Getenv("ERRDOC_DEBUG") != "" {
								t.Logf("%s: %s", k, s)
							}
							doc.wrapped[k] = true
							named = true
						}
					}
					if !named && strings.Contains(s, "these errors") {
						for _, k := range group {
							doc.wrapped[k] = true
						}
					}
				}
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Doc == nil {
						continue
					}
					// Only the documentation of what other code can call.
					obj, ok := p.Types.Scope().Lookup(d.Name.Name).(*types.Func)
					if d.Recv != nil {
						obj, ok = methodObj(p.Types, d)
					}
					if !ok || !obj.Exported() {
						continue
					}
					text := d.Doc.Text()
					wrappedIn(text, nil)
					if !returnsErrorSig(obj, errorType) {
						continue
					}
					if ks := mentions(text); len(ks) > 0 {
						doc.mentions[stdFuncKey(obj)] = ks
					}
				case *ast.GenDecl:
					var group []string
					if d.Tok == token.VAR {
						for _, s := range d.Specs {
							for _, n := range s.(*ast.ValueSpec).Names {
								if k, sentinel := resolve("", "", n.Name); sentinel {
									group = append(group, k)
								}
							}
						}
					}
					exported := false
					for _, s := range d.Specs {
						var cgs []*ast.CommentGroup
						switch s := s.(type) {
						case *ast.ValueSpec:
							if !slices.ContainsFunc(s.Names, (*ast.Ident).IsExported) {
								continue
							}
							cgs = []*ast.CommentGroup{s.Doc, s.Comment}
						case *ast.TypeSpec:
							if !s.Name.IsExported() {
								continue
							}
							cgs = []*ast.CommentGroup{s.Doc}
						default:
							continue
						}
						exported = true
						for _, cg := range cgs {
							if cg != nil {
								wrappedIn(cg.Text(), nil)
							}
						}
					}
					if d.Doc != nil && exported {
						wrappedIn(d.Doc.Text(), group)
					}
				}
			}
			if f.Doc != nil {
				wrappedIn(f.Doc.Text(), nil)
			}
		}
	}
	doc.uses = stdUses(t, doc)
	for _, ks := range doc.mentions {
		sort.SliceStable(ks, func(i, j int) bool { return doc.uses[ks[i]] > doc.uses[ks[j]] })
	}
	return doc
}

// refRE finds qualified references in Go source: json.SyntaxError.
var refRE = regexp.MustCompile(`\b([a-z][a-z0-9]*)\.([A-Z][A-Za-z0-9_]*)\b`)

// stdUses counts, for each error the table names, the references to it in
// the standard library's source (tests included) outside the package that
// declares it, and in that package's tests: how often code elsewhere
// matches or names it and how much the package's own tests pin it, which
// is what makes it telling in a message. Aliases (os.ErrNotExist for
// fs.ErrNotExist) count for the key they fold into.
func stdUses(t *testing.T, doc stdErrDoc) map[string]int {
	byRef := make(map[string][]string) // "json.SyntaxError" -> keys
	declDir := make(map[string]string) // key -> package path
	add := func(k string) {
		pkg, name, _ := splitKey(k)
		ref := pkgName(pkg) + "." + name
		if !slices.Contains(byRef[ref], k) {
			byRef[ref] = append(byRef[ref], k)
		}
		declDir[k] = pkg
	}
	for _, ks := range doc.mentions {
		for _, k := range ks {
			add(k)
		}
	}
	for k := range doc.wrapped {
		add(k)
	}
	for alias, k := range stdAliases {
		if _, ok := declDir[k]; ok {
			_, name, _ := splitKey(alias)
			byRef["os."+name] = append(byRef["os."+name], k)
		}
	}
	byDir := make(map[string][]string)
	for k, dir := range declDir {
		byDir[dir] = append(byDir[dir], k)
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), "src")
	uses := make(map[string]int)
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(path, "_test.go") {
			// The declaring package's own tests, which name it unqualified.
			for _, k := range byDir[rel] {
				_, name, _ := splitKey(k)
				uses[k] += len(regexp.MustCompile(`\b`+name+`\b`).FindAllIndex(data, -1))
			}
		}
		for _, m := range refRE.FindAllSubmatch(data, -1) {
			for _, k := range byRef[string(m[1])+"."+string(m[2])] {
				if declDir[k] != rel {
					uses[k]++
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return uses
}

// publicStd reports whether path is a standard library package other
// code can import.
func publicStd(path string) bool {
	if !typesx.IsStdPath(path) || strings.HasPrefix(path, "cmd/") || strings.HasPrefix(path, "vendor/") {
		return false
	}
	for _, e := range strings.Split(path, "/") {
		if e == "internal" {
			return false
		}
	}
	return true
}

// sentences splits a doc comment into sentences, roughly.
func sentences(text string) []string {
	text = strings.ReplaceAll(text, "\n", " ")
	var out []string
	for _, s := range strings.Split(text, ". ") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func methodObj(pkg *types.Package, d *ast.FuncDecl) (*types.Func, bool) {
	if len(d.Recv.List) != 1 {
		return nil, false
	}
	rt := d.Recv.List[0].Type
	if s, ok := rt.(*ast.StarExpr); ok {
		rt = s.X
	}
	switch x := rt.(type) {
	case *ast.IndexExpr:
		rt = x.X
	case *ast.IndexListExpr:
		rt = x.X
	}
	id, ok := rt.(*ast.Ident)
	if !ok {
		return nil, false
	}
	tn, ok := pkg.Scope().Lookup(id.Name).(*types.TypeName)
	if !ok || !tn.Exported() {
		return nil, false
	}
	named, ok := tn.Type().(*types.Named)
	if !ok {
		return nil, false
	}
	for m := range named.Methods() {
		if m.Name() == d.Name.Name {
			return m, true
		}
	}
	return nil, false
}

func returnsErrorSig(fn *types.Func, errorType *types.Interface) bool {
	sig := fn.Type().(*types.Signature)
	for v := range sig.Results().Variables() {
		if types.IsInterface(v.Type()) && types.Implements(v.Type(), errorType) {
			return true
		}
	}
	return false
}

func formatErrDoc(t *testing.T, release string, doc stdErrDoc) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by go test ./passes/errwrap -run TestStdErrDocTable -update. DO NOT EDIT.\n\n")
	b.WriteString("package errwrap\n\n")
	fmt.Fprintf(&b, "// The standard library of %s: the errors the doc comment of each exported\n", release)
	b.WriteString("// function names, and the sentinels documented as returned wrapped.\n")
	b.WriteString("func init() {\n")
	fmt.Fprintf(&b, "stdErrDocTables[%q] = stdErrDoc{\n", release)
	b.WriteString("mentions: map[string][]string{\n")
	for _, k := range slices.Sorted(maps.Keys(doc.mentions)) {
		fmt.Fprintf(&b, "%q: {", k)
		for i, m := range doc.mentions[k] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", m)
		}
		b.WriteString("},\n")
	}
	b.WriteString("},\n")
	b.WriteString("wrapped: map[string]bool{\n")
	for _, k := range slices.Sorted(maps.Keys(doc.wrapped)) {
		fmt.Fprintf(&b, "%q: true,\n", k)
	}
	b.WriteString("},\n")
	b.WriteString("uses: map[string]int{\n")
	for _, k := range slices.Sorted(maps.Keys(doc.uses)) {
		fmt.Fprintf(&b, "%q: %d,\n", k, doc.uses[k])
	}
	b.WriteString("},\n}\n}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestStdErrDocWithoutTable: under a release with no table (the next Go
// release, before its table is written), the tables of the other releases
// still answer, resolved with go/types against the release in use.
func TestStdErrDocWithoutTable(t *testing.T) {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	release := languageRelease(strings.TrimSpace(string(out)))
	others := make(map[string]stdErrDoc)
	for r, tab := range stdErrDocTables {
		if r != release {
			others[r] = tab
		}
	}
	if len(others) == 0 {
		t.Skipf("no table other than %s's", release)
	}
	m := mergeErrDocs(others)
	for _, k := range []string{"io/fs.ErrNotExist", "os.ErrDeadlineExceeded"} {
		if !m.wrapped[k] {
			t.Errorf("without the %s table, %s is not known as documented wrapped", release, k)
		}
	}
	if m.wrapped["io.EOF"] {
		t.Errorf("without the %s table, io.EOF is known as documented wrapped", release)
	}
}

// TestResolveErrorKey: the names of a table count only where go/types
// finds them declared, as errors, in the callee's package or its imports.
func TestResolveErrorKey(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports}, "os", "encoding/json")
	if err != nil {
		t.Fatal(err)
	}
	byPath := make(map[string]*types.Package)
	for _, p := range pkgs {
		byPath[p.PkgPath] = p.Types
	}
	for _, tc := range []struct {
		from, key string
		want      bool
	}{
		{"encoding/json", "type *encoding/json.SyntaxError", true},
		{"encoding/json", "type encoding/json.SyntaxError", false}, // only *SyntaxError is an error
		{"encoding/json", "type *encoding/json.Decoder", false},    // not an error
		{"encoding/json", "encoding/json.NoSuchError", false},      // not declared
		{"encoding/json", "type *encoding/json/v9.Error", true},    // a package the types do not reach: the table says
		{"os", "io/fs.ErrNotExist", true},                          // in a package os imports
		{"os", "type io/fs.FileMode", false},                       // there, and not an error
		{"os", "type *io/fs.PathError", true},                      // os.PathError, an alias
		{"os", "os.Args", false},                                   // not an error
		{"os", "os.ErrDeadlineExceeded", true},
	} {
		from := byPath[tc.from]
		if from == nil {
			t.Fatalf("%s not loaded", tc.from)
		}
		if got := resolveErrorKey(from, tc.key, universeError); got != tc.want {
			t.Errorf("resolveErrorKey(%s, %q) = %v, want %v", tc.from, tc.key, got, tc.want)
		}
	}
}
