package driver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// listedPackage is the part of `go list -json` the driver uses.
type listedPackage struct {
	ImportPath      string // the package ID: "p", "p [q.test]", "p.test"
	Name            string
	Dir             string
	GoFiles         []string
	CompiledGoFiles []string
	IgnoredGoFiles  []string
	OtherFiles      []string
	CFiles          []string
	CXXFiles        []string
	HFiles          []string
	SFiles          []string
	SysoFiles       []string
	Imports         []string          // IDs of the direct dependencies
	ImportMap       map[string]string // import path in source -> ID
	Standard        bool
	DepOnly         bool
	ForTest         string
	Export          string
	Module          *listedModule
	Error           *listedError
	DepsErrors      []*listedError
}

type listedModule struct {
	Path, Version, GoVersion string
	GoMod                    string        // the go.mod file
	Replace                  *listedModule // its replacement, if any
}

type listedError struct {
	Pos string
	Err string
}

func (e *listedError) String() string {
	if e.Pos != "" && !strings.Contains(e.Err, e.Pos) {
		return e.Pos + ": " + e.Err
	}
	return e.Err
}

// list runs `go list -deps -json` on the patterns (with the test
// variants when tests is set) and returns the packages in dependency order:
// every package comes after the packages it imports. Problems the go
// command reports about patterns (one that matches nothing) come back as
// warnings.
func (c *goCmd) list(patterns []string, tests bool) (pkgs []*listedPackage, warnings []string, err error) {
	args := []string{"list", "-e", "-deps", "-compiled", "-json=" + listFields}
	if tests {
		args = append(args, "-test")
	}
	args = append(args, c.buildFlags()...)
	args = append(args, "--")
	args = append(args, patterns...)
	out, stderr, err := c.run(args)
	if err != nil {
		return nil, nil, goError("go list", err, stderr)
	}
	pkgs, err = decodeList(out)
	if err != nil {
		return nil, nil, fmt.Errorf("go list: %w", err)
	}
	for _, line := range strings.Split(stderr, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "go: downloading ") || strings.HasPrefix(line, "go: extracting ") {
			continue // progress, not a problem
		}
		warnings = append(warnings, strings.TrimPrefix(line, "go: "))
	}
	return pkgs, warnings, nil
}

// exportFiles returns the export data file of each of the packages named by
// ID. Only plain packages are asked for (never test variants), so an ID is
// also a pattern that names exactly that package.
func (c *goCmd) exportFiles(ids []string) (map[string]string, error) {
	files := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return files, nil
	}
	args := []string{"list", "-e", "-export", "-json=ImportPath,Export,Error"}
	args = append(args, c.buildFlags()...)
	args = append(args, "--")
	args = append(args, ids...)
	out, stderr, err := c.run(args)
	if err != nil {
		return nil, goError("go list -export", err, stderr)
	}
	pkgs, err := decodeList(out)
	if err != nil {
		return nil, fmt.Errorf("go list -export: %w", err)
	}
	for _, p := range pkgs {
		if p.Export != "" {
			files[p.ImportPath] = p.Export
		}
	}
	return files, nil
}

const listFields = "ImportPath,Name,Dir,GoFiles,CompiledGoFiles,IgnoredGoFiles,OtherFiles,CFiles,CXXFiles,HFiles,SFiles,SysoFiles," +
	"Imports,ImportMap,Standard,DepOnly,ForTest,Module,Error,DepsErrors"

// goError is the error of a go command that failed: what it said, without
// its "go: " prefixes, or, when it said nothing, how it failed.
func goError(what string, err error, stderr string) error {
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "go: downloading ") {
			lines = append(lines, strings.TrimPrefix(line, "go: "))
		}
	}
	if len(lines) == 0 {
		return fmt.Errorf("%s: %w", what, err)
	}
	return errors.New(strings.Join(lines, "\n"))
}

// goCmd runs the go command for one run: in its directory, with its
// build tags and overlay, killed when its context is done.
type goCmd struct {
	ctx     context.Context
	dir     string
	tags    string
	overlay string // the -overlay file, if any
}

// buildFlags are the flags every go list of the run shares.
func (c *goCmd) buildFlags() []string {
	var flags []string
	if c.tags != "" {
		flags = append(flags, "-tags="+c.tags)
	}
	if c.overlay != "" {
		flags = append(flags, "-overlay="+c.overlay)
	}
	return flags
}

// writeOverlay writes the files of an overlay and the go command's
// -overlay description of them to a temporary directory, which the
// returned function removes.
func (c *goCmd) writeOverlay(files map[string][]byte) (cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "leakvet-overlay")
	if err != nil {
		return nil, err
	}
	cleanup = func() { _ = os.RemoveAll(dir) } // best effort: a temporary directory
	replace := make(map[string]string, len(files))
	i := 0
	for name, content := range files {
		if !filepath.IsAbs(name) {
			cleanup()
			return nil, fmt.Errorf("overlay: %s is not an absolute file name", name)
		}
		// Keep the base name: the go command reads build constraints
		// and _test.go from the name it is given.
		tmp := filepath.Join(dir, fmt.Sprint(i), filepath.Base(name))
		i++
		if err := os.MkdirAll(filepath.Dir(tmp), 0o755); err != nil {
			cleanup()
			return nil, err
		}
		if err := os.WriteFile(tmp, content, 0o644); err != nil {
			cleanup()
			return nil, err
		}
		replace[name] = tmp
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err != nil {
		cleanup()
		return nil, err
	}
	c.overlay = filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(c.overlay, data, 0o644); err != nil {
		cleanup()
		return nil, err
	}
	return cleanup, nil
}

func (c *goCmd) run(args []string) (stdout []byte, stderr string, err error) {
	cmd := exec.CommandContext(c.ctx, "go", args...)
	cmd.Dir = c.dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return nil, errOut.String(), err
	}
	return out.Bytes(), errOut.String(), nil
}

func decodeList(data []byte) ([]*listedPackage, error) {
	var pkgs []*listedPackage
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); err == io.EOF {
			return pkgs, nil
		} else if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
}

// absFiles returns names made absolute against the package directory (the
// go command gives source files relative to it, generated cgo files as
// absolute paths in its cache).
func (p *listedPackage) absFiles(names []string) []string {
	out := make([]string, len(names))
	for i, name := range names {
		if filepath.IsAbs(name) {
			out[i] = name
		} else {
			out[i] = filepath.Join(p.Dir, name)
		}
	}
	return out
}

// otherFiles are the package's non-Go source files, as pass.OtherFiles
// lists them (assembly, C, headers, syso).
func (p *listedPackage) otherFiles() []string {
	var names []string
	for _, list := range [][]string{p.OtherFiles, p.CFiles, p.CXXFiles, p.HFiles, p.SFiles, p.SysoFiles} {
		names = append(names, list...)
	}
	return p.absFiles(names)
}

// path is the package's import path: its ID without the test-variant
// suffix.
func (p *listedPackage) path() string {
	path, _, _ := strings.Cut(p.ImportPath, " ")
	return path
}
