package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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

// goList runs `go list -deps -json` on the patterns (with the test
// variants when tests is set) and returns the packages in dependency order:
// every package comes after the packages it imports. Problems the go
// command reports about patterns (one that matches nothing) come back as
// warnings.
func goList(dir string, patterns []string, tags string, tests bool) (pkgs []*listedPackage, warnings []string, err error) {
	args := []string{"list", "-e", "-deps", "-compiled", "-json=" + listFields}
	if tests {
		args = append(args, "-test")
	}
	if tags != "" {
		args = append(args, "-tags="+tags)
	}
	args = append(args, "--")
	args = append(args, patterns...)
	out, stderr, err := runGo(dir, args)
	if err != nil {
		return nil, nil, fmt.Errorf("go list: %w\n%s", err, stderr)
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
func exportFiles(dir string, ids []string, tags string) (map[string]string, error) {
	files := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return files, nil
	}
	args := []string{"list", "-e", "-export", "-json=ImportPath,Export,Error"}
	if tags != "" {
		args = append(args, "-tags="+tags)
	}
	args = append(args, "--")
	args = append(args, ids...)
	out, stderr, err := runGo(dir, args)
	if err != nil {
		return nil, fmt.Errorf("go list -export: %w\n%s", err, stderr)
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

func runGo(dir string, args []string) (stdout []byte, stderr string, err error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
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
