package driver

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// unit is a package type-checked from source: what its analysis needs,
// dropped once it is done.
type unit struct {
	files      []*ast.File
	info       *types.Info
	typeErrors []types.Error
}

// typeCheck parses n's files and type-checks them against its
// dependencies' types. It returns the type errors, formatted, if any.
func (g *graph) typeCheck(n *node) (*types.Package, *unit, []string) {
	lp := n.lp
	names := lp.absFiles(lp.CompiledGoFiles)
	if len(names) == 0 {
		names = lp.absFiles(lp.GoFiles)
	}
	files := make([]*ast.File, len(names))
	var parseErrs []string
	for i, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			parseErrs = append(parseErrs, fileErr(n, err))
			continue
		}
		f, err := parser.ParseFile(g.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			parseErrs = append(parseErrs, scannerErrors(err)...)
		}
		files[i] = f
	}
	if len(parseErrs) > 0 {
		return nil, nil, parseErrs
	}
	u := &unit{
		files: files,
		info: &types.Info{
			Types:        make(map[ast.Expr]types.TypeAndValue),
			Defs:         make(map[*ast.Ident]types.Object),
			Uses:         make(map[*ast.Ident]types.Object),
			Implicits:    make(map[ast.Node]types.Object),
			Instances:    make(map[*ast.Ident]types.Instance),
			Scopes:       make(map[ast.Node]*types.Scope),
			Selections:   make(map[*ast.SelectorExpr]*types.Selection),
			FileVersions: make(map[*ast.File]string),
		},
	}
	conf := types.Config{
		Importer:  importerFunc(func(path string) (*types.Package, error) { return g.importFor(n, path) }),
		Sizes:     g.sizes,
		GoVersion: goVersionOf(lp, g.toolchain),
		Error: func(err error) {
			if te := (types.Error{}); errors.As(err, &te) {
				u.typeErrors = append(u.typeErrors, te)
			}
		},
	}
	pkg, _ := conf.Check(lp.path(), g.fset, files, u.info)
	if len(u.typeErrors) > 0 {
		var errs []string
		for _, e := range u.typeErrors {
			errs = append(errs, e.Error())
		}
		return nil, nil, errs
	}
	return pkg, u, nil
}

// scannerErrors splits a parser error list into lines.
func scannerErrors(err error) []string {
	type errorList interface{ Unwrap() []error }
	if list, ok := err.(errorList); ok {
		var out []string
		for _, e := range list.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// importFor resolves an import of n's source to the dependency's types:
// through the package's import map (vendoring, test variants) to the ID
// go list gave the dependency.
func (g *graph) importFor(n *node, path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	id := path
	if mapped, ok := n.lp.ImportMap[path]; ok {
		id = mapped
	}
	for _, dep := range n.imports {
		if dep.lp.ImportPath == id {
			if dep.types == nil {
				return nil, fmt.Errorf("could not import %s", path)
			}
			return dep.types, nil
		}
	}
	return nil, fmt.Errorf("%s does not import %s", n.lp.ImportPath, path)
}

// loadExport reads n's types from its export data. For a dependency
// recompiled for p's test that is the plain package's export data: the
// view binds its references to p to p's test variant, which declares
// everything p does. The reader resolves
// references to other packages through a view of n's dependencies (by
// import path, as the export data names them) and may add to it, so reads
// are serialised, as go/packages does.
func (g *graph) loadExport(n *node) error {
	if n.lp.ImportPath == "unsafe" {
		g.setTypes(n, types.Unsafe)
		return nil
	}
	file := g.export[n.lp.path()] // a recompiled variant reads the plain package's
	if file == "" {
		return fmt.Errorf("%s: no export data (go list -export found none)", n.lp.ImportPath)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	data, err := exportData(bufio.NewReader(f))
	_ = f.Close() // opened for reading only
	if err != nil {
		return fmt.Errorf("%s: reading export data: %w", n.lp.ImportPath, err)
	}
	view := make(map[string]*types.Package)
	for _, dep := range transitiveImports(n) {
		if dep.types != nil {
			view[dep.lp.path()] = dep.types
		}
	}
	g.exportMu.Lock()
	defer g.exportMu.Unlock()
	pkg, err := gcexportdata.Read(bytes.NewReader(data), g.fset, view, n.lp.path())
	if err != nil {
		return fmt.Errorf("%s: reading export data: %w", n.lp.ImportPath, err)
	}
	g.setTypes(n, pkg)
	return nil
}

// exportData returns the export data in a file that go list -export
// names, for gcexportdata.Read: a cmd/export file (what go list -export
// writes from Go 1.28 on) as it is; from the compiler's archive (earlier
// releases), the data section of its __.PKGDEF member, without the
// member's header lines, the "$$B" marker and the end-of-section marker.
// gcexportdata.NewReader did this last step but is deprecated: x/tools
// stops reading archives in Go 1.29 and asks callers to use Read. Only
// the __.PKGDEF member is read, not the object code after it.
func exportData(r io.Reader) ([]byte, error) {
	const (
		arMagic   = "!<arch>\n"
		arHeader  = 60 // name[16] mtime[12] uid[6] gid[6] mode[8] size[10] magic[2]
		dataStart = "$$B\n"
		dataEnd   = "\n$$\n"
	)
	magic := make([]byte, len(arMagic))
	n, err := io.ReadFull(r, magic)
	if err != nil || string(magic) != arMagic {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, err
		}
		rest, err := io.ReadAll(r)
		return append(magic[:n], rest...), err
	}
	hdr := make([]byte, arHeader)
	if _, err := io.ReadFull(r, hdr); err != nil || string(hdr[arHeader-2:]) != "`\n" {
		return nil, fmt.Errorf("malformed archive header")
	}
	if name := strings.TrimSpace(string(hdr[:16])); name != "__.PKGDEF" {
		return nil, fmt.Errorf("archive's first member is %q, not __.PKGDEF", name)
	}
	size, err := strconv.Atoi(strings.TrimSpace(string(hdr[48:58])))
	if err != nil || size < 0 || size > 1<<30 {
		return nil, fmt.Errorf("malformed archive member size %q", hdr[48:58])
	}
	member := make([]byte, size)
	if _, err := io.ReadFull(r, member); err != nil {
		return nil, fmt.Errorf("archive member __.PKGDEF: %w", err)
	}
	// Header lines ("go object ...", build ID) up to the data marker.
	for !bytes.HasPrefix(member, []byte(dataStart)) {
		i := bytes.IndexByte(member, '\n')
		if i < 0 || bytes.HasPrefix(member, []byte("$$")) {
			return nil, fmt.Errorf("no export data in __.PKGDEF")
		}
		member = member[i+1:]
	}
	member = member[len(dataStart):]
	member, ok := bytes.CutSuffix(member, []byte(dataEnd))
	if !ok {
		return nil, fmt.Errorf("export data lacks its end-of-section marker")
	}
	return member, nil
}

// transitiveImports returns every package n depends on, directly or not,
// in a deterministic order.
func transitiveImports(n *node) []*node {
	seen := make(map[*node]bool)
	var out []*node
	var visit func(*node)
	visit = func(m *node) {
		for _, dep := range m.imports {
			if !seen[dep] {
				seen[dep] = true
				visit(dep)
				out = append(out, dep)
			}
		}
	}
	visit(n)
	return out
}
