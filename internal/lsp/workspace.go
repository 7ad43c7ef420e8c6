package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// moduleGraph is the import graph of a module's packages, from which the
// server finds the packages that depend on one that changed.
type moduleGraph struct {
	byDir map[string]*wsPackage
	// importedBy maps an import path to the packages of the module that
	// import it, from their code or their tests.
	importedBy map[string][]*wsPackage
}

type wsPackage struct {
	Dir          string
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// loadModuleGraph lists the packages of the module rooted at root. It is
// listed afresh for every use: an edit may have changed any import.
func loadModuleGraph(ctx context.Context, root, tags string) (*moduleGraph, error) {
	args := []string{"list", "-e", "-json=Dir,ImportPath,Imports,TestImports,XTestImports"}
	if tags != "" {
		args = append(args, "-tags="+tags)
	}
	args = append(args, "./...")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	g := &moduleGraph{byDir: make(map[string]*wsPackage), importedBy: make(map[string][]*wsPackage)}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(wsPackage)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list: %w", err)
		}
		g.byDir[p.Dir] = p
		seen := make(map[string]bool)
		for _, list := range [][]string{p.Imports, p.TestImports, p.XTestImports} {
			for _, imp := range list {
				if !seen[imp] && imp != p.ImportPath {
					seen[imp] = true
					g.importedBy[imp] = append(g.importedBy[imp], p)
				}
			}
		}
	}
	return g, nil
}

// dependents returns the directories of the packages that depend on the
// one in dir, directly or not, within the workspace folders (all of the
// module when there are none).
func (g *moduleGraph) dependents(dir string, folders []string) []string {
	p := g.byDir[dir]
	if p == nil {
		return nil
	}
	seen := map[*wsPackage]bool{p: true}
	queue := []*wsPackage{p}
	var out []string
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		for _, user := range g.importedBy[q.ImportPath] {
			if seen[user] {
				continue
			}
			seen[user] = true
			queue = append(queue, user)
			if inFolders(user.Dir, folders) {
				out = append(out, user.Dir)
			}
		}
	}
	sort.Strings(out)
	return out
}

func inFolders(dir string, folders []string) bool {
	if len(folders) == 0 {
		return true
	}
	for _, f := range folders {
		if rel, err := filepath.Rel(f, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
