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
// later check would see a path past the call that does not exist.
//
// The answers are those ctrlflow itself gives when it analyzes the standard
// library, one table per Go release (stdnoreturn_go1.N.go, written by
// `go test ./internal/driver -run TestStdNoReturnTable -update` under that
// release, which without -update checks that the go command's release has
// a table and that it is current). The table is chosen by the release of
// the go command, whose standard library is the one analyzed, not by the
// Go leakvet was built with. For a release without a table the driver
// analyzes the standard-library dependencies with ctrlflow instead (slower
// on a first run, then cached): never a stale answer.
func stdNoReturn(table map[string]map[string]bool, a *analysis.Analyzer, obj types.Object, ptr analysis.Fact) bool {
	if a != ctrlflow.Analyzer || obj.Pkg() == nil || len(a.FactTypes) != 1 || reflect.TypeOf(ptr) != reflect.TypeOf(a.FactTypes[0]) {
		return false
	}
	paths := table[obj.Pkg().Path()]
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

// stdNoReturnTables maps a Go release (language version, "go1.26") to its
// table: per standard-library package, the object paths of the functions
// and methods that never return. Filled by the generated files.
var stdNoReturnTables = map[string]map[string]map[string]bool{}
