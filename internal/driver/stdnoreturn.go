package driver

//go:generate go test -run TestStdNoReturnTable -update .

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/types/objectpath"
)

// stdNoReturn answers ctrlflow's question "does this standard-library
// function never return?" for a package read from export data, which is
// never analyzed and so exports no facts. SSA construction uses the answer
// to end a block at the call (log.Fatal, t.Fatal, os.Exit); without it a
// later check would see a path past the call that does not exist. The
// answers are those ctrlflow itself gives when it analyzes the standard
// library (stdnoreturn_table.go, written by
// `go test ./internal/driver -run TestStdNoReturnTable -update`, which
// without -update checks that the table is still current).
func stdNoReturn(a *analysis.Analyzer, obj types.Object, ptr analysis.Fact) bool {
	if a != ctrlflow.Analyzer || obj.Pkg() == nil || len(a.FactTypes) != 1 || reflect.TypeOf(ptr) != reflect.TypeOf(a.FactTypes[0]) {
		return false
	}
	paths := stdNoReturnFuncs[obj.Pkg().Path()]
	if paths == nil {
		return false
	}
	path, err := objectpath.For(obj)
	if err != nil || !paths[string(path)] {
		return false
	}
	// ctrlflow's fact is a marker with no fields: nothing to copy.
	return true
}
