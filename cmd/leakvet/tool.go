package main

// The go vet -vettool and go fix -fixtool protocols: the go command runs
// the tool with -flags (which flags it takes), -V=full (an ID for its
// cache), then once per package with a *.cfg file. The x/tools unitchecker
// answers all three. Before it does, leakvet checks the go command's Go: a
// leakvet built by an older release cannot read the newer one's export data
// or language, and would fail on every package. The check sits in the
// -V=full answer: the go command asks it once per run, prints what the tool
// wrote on stderr and stops, so the user sees one line (and the go
// command's own "error obtaining buildID" after it) instead of one failure
// per package. (A failed -flags answer would be shown only as "-flags
// failed: exit status 1", without leakvet's words.)

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/leakvet/leakvet/internal/driver"
)

// isToolProtocol reports whether args are a call of the go command's vet
// or fix protocol: -V=full, -flags, or flags and one *.cfg file.
func isToolProtocol(args []string) bool {
	if len(args) == 1 && (args[0] == "-V=full" || args[0] == "-V" || args[0] == "-flags") {
		return true
	}
	_, ok := vetConfigArg(args)
	return ok
}

// runTool answers the protocol call args and exits.
func runTool(args []string, analyzers []*analysis.Analyzer) {
	switch {
	case strings.HasPrefix(args[0], "-V"):
		// The handshake: go vet stops here, showing the one line.
		if err := driver.CheckGoVersion(goCommandVersion()); err != nil {
			fmt.Fprintf(os.Stderr, "leakvet: %v\n", err)
			os.Exit(1)
		}
	case args[0] != "-flags":
		// A package: the go command passes its version in the
		// environment. Only reached if the handshake was skipped.
		if err := driver.CheckGoVersion(os.Getenv("GOVERSION")); err != nil {
			fmt.Fprintf(os.Stderr, "leakvet: %v\n", err)
			os.Exit(1)
		}
		if cfgFile, ok := vetConfigArg(args); ok {
			analyzers = analyzersFor(cfgFile, analyzers)
		}
	}
	os.Args = append(os.Args[:1:1], args...)
	unitchecker.Main(analyzers...)
	os.Exit(0) // unitchecker.Main exits itself
}

// goCommandVersion is the Go release of the go command that runs leakvet:
// the go command sets GOVERSION for the tools it runs (after switching
// toolchains, if GOTOOLCHAIN or go.mod asked for another); otherwise the
// go command on PATH says. "" when neither tells.
func goCommandVersion() string {
	if v := os.Getenv("GOVERSION"); v != "" {
		return v
	}
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
