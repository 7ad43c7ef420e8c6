package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/internal/lsp"
)

// runLSP serves the Language Server Protocol on stdin and stdout
// (internal/lsp), with the cache and cache salt of the command line, so
// that a `leakvet ./...` run warms the editor's cache and the other way
// round. It returns the exit code: 0 after shutdown and exit, 1 otherwise.
func runLSP(analyzers []*analysis.Analyzer, args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(os.Stderr, "usage: leakvet lsp\n\nServes the Language Server Protocol on stdin and stdout; configure it through\nthe client's initializationOptions (see README.md, \"In the editor\").\n")
		if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			return 0
		}
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "leakvet lsp: %v\n", err)
		return 1
	}
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	err = lsp.Serve(context.Background(), os.Stdin, os.Stdout, lsp.Options{
		Analyzers: analyzers,
		CacheDir:  cacheDir(),
		Salt:      func(enabled []*analysis.Analyzer) string { return cacheSalt(self, enabled) },
		Version:   version,
		Log:       os.Stderr,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "leakvet lsp: %v\n", err)
		return 1
	}
	return 0
}
