// Command gcl is golangci-lint v2.15.0 with leakvet's module plugin built
// in: what `golangci-lint custom` builds from .custom-gcl.yml, written out
// so that it builds from the Go module proxy alone (custom clones
// golangci-lint's repository). The end-to-end test in plugin/ builds it.
package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/leakvet/leakvet/plugin"
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0-leakvet", Commit: "?", Date: "(unknown)", GoVersion: "unknown"}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
