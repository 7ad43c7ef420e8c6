// Command leakvet runs leakvet's analyzers.
//
// It runs standalone on package patterns (leakvet ./...), as a vet tool
// (go vet -vettool=$(command -v leakvet) ./...) and as a fix tool
// (go fix -fixtool=$(command -v leakvet) ./...). See README.md.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/leakvet/leakvet/passes"
)

func main() {
	multichecker.Main(passes.All()...)
}
