// Command leakvet finds goroutine leaks, resource leaks and the concurrency
// and error-handling mistakes that cause them.
//
// Usage:
//
//	leakvet [flags] PATTERNS                        standalone: leakvet ./...
//	go vet -vettool=$(command -v leakvet) PATTERNS  as a vet tool
//	go fix -fixtool=$(command -v leakvet) PATTERNS  apply suggested fixes through go fix
//	leakvet help [NAME]                             usage, or the documentation of a check
//	leakvet version                                 version, the Go it was built with, the checks
//	leakvet lsp                                     language server for editors, on stdin/stdout (lsp.go)
//
// `leakvet PATTERNS` runs leakvet's streaming driver (internal/driver; see
// stream.go), -fix and -diff included (fix.go). The go vet and go fix
// protocols (-V=full, -flags, *.cfg) are answered by the x/tools
// unitchecker (tool.go), after leakvet has checked that the go command's Go
// is not newer than the one it was built with. `leakvet help` documents the
// flags and exit codes (help.go).
package main

import (
	"os"

	"github.com/leakvet/leakvet/passes"
)

func main() {
	args := os.Args[1:]
	analyzers := passes.All()
	if len(args) > 0 {
		switch args[0] {
		case "help":
			os.Exit(runHelp(args[1:], analyzers, os.Stdout, os.Stderr))
		case "version":
			os.Exit(runVersion(args[1:], analyzers, os.Stdout, os.Stderr))
		case "lsp":
			os.Exit(runLSP(analyzers, args[1:]))
		}
	}
	if isToolProtocol(args) {
		runTool(args, analyzers) // does not return
	}
	os.Exit(runStandalone(args, analyzers, os.Stdout, os.Stderr))
}
