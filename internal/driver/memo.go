package driver

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Memo keeps what one run learns for the later runs of a long-lived
// process, such as the language server, which analyzes one package again
// and again: where the go command left each dependency's export data, and
// the go command's environment. Asking `go list -export` for a few hundred
// dependencies costs the go command a second of hashing even when all of
// them are built; the memo asks only for those whose cache key is new.
//
// A package listing (`go list -deps`) is reused while nothing it depends
// on has changed: the names of the source files in the directories of the
// packages that can change (those the patterns name, those of the main
// module and of directory replacements, and any with a file in the
// overlay), the headers of their Go files (build constraints, cgo
// preambles, imports: all go list reads of them), and their modules'
// go.mod and go.sum. Packages in the module cache and the standard library
// do not change. A listing with errors is never reused: what fixes an
// error (a new directory, a download) may lie outside what is checked.
//
// An export data file is remembered under the dependency's cache key
// (its files, its dependencies' keys, the analyzers, the build tags and
// environment), so it is reused only for the very same package, and only
// while the go command's cache still holds the file. The environment is
// remembered per directory: a process that must see a change to it (a new
// go version on the PATH, a go.mod toolchain line) starts a new Memo.
// A Memo only works with a cache directory, which gives packages their
// keys. It is safe for concurrent use.
type Memo struct {
	mu       sync.Mutex
	export   map[string]string   // cache key of a package -> export data file
	goEnv    map[string][]string // directory -> go env output lines
	listings map[string]*listing // what go list said, by its arguments
	reused   int                 // listings reused, for tests
	// The standard library's types, read from export data once, in the
	// memo's file set (which runs with a memo use for everything, and
	// clean up after them).
	fset      *token.FileSet
	std       map[string]*types.Package
	stdReused int // for tests
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{export: make(map[string]string), goEnv: make(map[string][]string), listings: make(map[string]*listing),
		fset: token.NewFileSet(), std: make(map[string]*types.Package)}
}

func (m *Memo) exportFile(key string) string {
	if m == nil || key == "" {
		return ""
	}
	m.mu.Lock()
	file := m.export[key]
	m.mu.Unlock()
	if file == "" {
		return ""
	}
	if _, err := os.Stat(file); err != nil {
		return "" // trimmed from the go command's cache since
	}
	return file
}

func (m *Memo) setExportFile(key, file string) {
	if m == nil || key == "" {
		return
	}
	m.mu.Lock()
	m.export[key] = file
	m.mu.Unlock()
}

func (m *Memo) stdTypes(key string) *types.Package {
	if key == "" {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	pkg := m.std[key]
	if pkg != nil {
		m.stdReused++
	}
	return pkg
}

func (m *Memo) setStdTypes(key string, pkg *types.Package) {
	if key == "" {
		return
	}
	m.mu.Lock()
	m.std[key] = pkg
	m.mu.Unlock()
}

func (m *Memo) env(dir string) []string {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.goEnv[dir]
}

func (m *Memo) setEnv(dir string, lines []string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.goEnv[dir] = lines
	m.mu.Unlock()
}

// maxListings bounds the listings a Memo keeps (each holds a few hundred
// packages' file lists).
const maxListings = 64

// listing is one go list result and what it was read from.
type listing struct {
	pkgs     []*listedPackage
	warnings []string
	snapshot string
}

// list runs go list for the run, or reuses the memo's listing for the
// same arguments if its snapshot still holds.
func (m *Memo) list(gocmd *goCmd, cfg Config) ([]*listedPackage, []string, error) {
	if m == nil {
		return gocmd.list(cfg.Patterns, cfg.Tests)
	}
	overlayNames := make([]string, 0, len(cfg.Overlay))
	for name := range cfg.Overlay {
		overlayNames = append(overlayNames, name)
	}
	sort.Strings(overlayNames)
	key := fmt.Sprintf("%s\x00%q\x00%s\x00%v\x00%q", cfg.Dir, cfg.Patterns, cfg.Tags, cfg.Tests, overlayNames)
	m.mu.Lock()
	old := m.listings[key]
	m.mu.Unlock()
	if old != nil {
		if snap, ok := snapshot(old.pkgs, cfg.Overlay); ok && snap == old.snapshot {
			m.mu.Lock()
			m.reused++
			m.mu.Unlock()
			return old.pkgs, old.warnings, nil
		}
	}
	pkgs, warnings, err := gocmd.list(cfg.Patterns, cfg.Tests)
	if err != nil {
		return nil, nil, err
	}
	if snap, ok := snapshot(pkgs, cfg.Overlay); ok && len(warnings) == 0 {
		m.mu.Lock()
		if len(m.listings) >= maxListings {
			for k := range m.listings { // any one: a later run lists again
				delete(m.listings, k)
				break
			}
		}
		m.listings[key] = &listing{pkgs: pkgs, warnings: warnings, snapshot: snap}
		m.mu.Unlock()
	}
	return pkgs, warnings, nil
}

// sourceExts are the extensions of the files go list sorts into a
// package's file lists.
var sourceExts = map[string]bool{
	".go": true, ".c": true, ".cc": true, ".cpp": true, ".cxx": true, ".h": true, ".hh": true, ".hpp": true, ".hxx": true,
	".s": true, ".S": true, ".sx": true, ".f": true, ".F": true, ".for": true, ".f90": true, ".m": true,
	".swig": true, ".swigcxx": true, ".syso": true,
}

// snapshot describes what a listing of pkgs depends on that can change
// (see Memo); ok is false when the listing must not be reused.
func snapshot(pkgs []*listedPackage, overlay map[string][]byte) (string, bool) {
	overlayDirs := make(map[string]bool)
	for name := range overlay {
		overlayDirs[filepath.Dir(name)] = true
	}
	dirs := make(map[string]bool)
	modFiles := make(map[string]bool)
	for _, p := range pkgs {
		if p.Error != nil || len(p.DepsErrors) > 0 {
			return "", false
		}
		if p.Dir == "" {
			continue
		}
		// The main module, a workspace module, a directory replacement.
		local := p.Module != nil && (p.Module.Version == "" || (p.Module.Replace != nil && p.Module.Replace.Version == ""))
		if !p.DepOnly || local || overlayDirs[p.Dir] {
			for _, f := range p.CompiledGoFiles {
				if filepath.IsAbs(f) && filepath.Dir(f) != p.Dir {
					// cgo's output, named after its input's content:
					// the whole file matters, not its header.
					return "", false
				}
			}
			dirs[p.Dir] = true
			if p.Module != nil && p.Module.GoMod != "" {
				modFiles[p.Module.GoMod] = true
			}
		}
	}
	var b bytes.Buffer
	for _, name := range sortedKeys(modFiles) {
		for _, f := range []string{name, filepath.Join(filepath.Dir(name), "go.sum")} {
			data, _ := os.ReadFile(f)
			fmt.Fprintf(&b, "mod %s %x\n", f, sha256.Sum256(data))
		}
	}
	fset := token.NewFileSet()
	for _, dir := range sortedKeys(dirs) {
		names := make(map[string]bool)
		entries, err := os.ReadDir(dir)
		if err != nil {
			return "", false
		}
		for _, e := range entries {
			if !e.IsDir() && sourceExts[filepath.Ext(e.Name())] {
				names[filepath.Join(dir, e.Name())] = true
			}
		}
		for name := range overlay {
			if filepath.Dir(name) == dir {
				names[name] = true
			}
		}
		for _, name := range sortedKeys(names) {
			fmt.Fprintf(&b, "file %s", name)
			if strings.HasSuffix(name, ".go") {
				src, ok := overlay[name]
				if !ok {
					if src, err = os.ReadFile(name); err != nil {
						return "", false
					}
				}
				fmt.Fprintf(&b, " %x", sha256.Sum256(goHeader(fset, name, src)))
			}
			b.WriteByte('\n')
		}
	}
	return b.String(), true
}

// goHeader is the part of a Go file that go list reads: everything up to
// the end of the imports (build constraints, the package clause, cgo
// preambles, the imports). A file that does not parse that far is its
// whole content.
func goHeader(fset *token.FileSet, name string, src []byte) []byte {
	f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly|parser.ParseComments)
	if err != nil || f.Name == nil {
		return src
	}
	end := f.Name.End()
	for _, d := range f.Decls {
		end = max(end, d.End())
	}
	off := fset.Position(end).Offset
	if off < 0 || off > len(src) {
		return src
	}
	return src[:off]
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
