// Package bad is an analyzer that breaks every rule of the driver
// contract, to show that TestNoDriverAssumptions catches each.
package bad

import (
	"flag"
	"os"
	"os/exec"

	"golang.org/x/tools/go/analysis"
)

var verbose = flag.Bool("verbose", false, "process-wide flag")

var Analyzer = &analysis.Analyzer{Name: "bad", Doc: "bad: breaks the rules", Run: run}

func run(pass *analysis.Pass) (any, error) {
	_ = pass.Module.Path
	_, _ = pass.ReadFile("x")
	_ = os.Getenv("HOME")
	_, _ = os.ReadFile("/etc/passwd")
	_ = exec.Command("true")
	_ = verbose
	return nil, nil
}
