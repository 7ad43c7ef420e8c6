package driver

import (
	"bytes"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/gcexportdata"

	"github.com/leakvet/leakvet/passes"
)

// TestExportData reads the export data go list -export gives for a
// standard package, as the driver does, and checks the package it decodes.
func TestExportData(t *testing.T) {
	out, err := exec.Command("go", "list", "-export", "-f", "{{.Export}}", "errors").Output()
	if err != nil {
		t.Skipf("go list -export: %v", err)
	}
	content, err := os.ReadFile(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	data, err := exportData(bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := gcexportdata.Read(bytes.NewReader(data), token.NewFileSet(), make(map[string]*types.Package), "errors")
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Scope().Lookup("New") == nil || pkg.Scope().Lookup("Is") == nil {
		t.Errorf("errors from export data lacks New or Is: %v", pkg.Scope().Names())
	}

	// A cmd/export file (Go 1.28 on) is export data as it is.
	if got, err := exportData(strings.NewReader("i...")); err != nil || string(got) != "i..." {
		t.Errorf("exportData(cmd/export file) = %q, %v", got, err)
	}
	// Damaged archives are errors, not panics.
	for _, bad := range []string{
		"!<arch>\n",
		"!<arch>\n" + strings.Repeat(" ", 60),
		string(content[:8+60+100]), // cut inside __.PKGDEF
		strings.Replace(string(content), "$$B\n", "$$X\n", 1),
	} {
		if _, err := exportData(strings.NewReader(bad)); err == nil {
			t.Errorf("exportData(%.20q...) succeeded", bad)
		}
	}
}

// TestStandardPasses checks that isStandardPass knows every x/tools pass
// that leakvet's analyzers require, directly or not, and nothing else: the
// driver recognises them by identity, so an x/tools pass added to some
// Requires must be added to standardPasses.
func TestStandardPasses(t *testing.T) {
	seen := make(map[*analysis.Analyzer]bool)
	for _, a := range withPrerequisites(passes.All()) {
		seen[a] = true
		fromXTools := strings.HasPrefix(runtime.FuncForPC(reflect.ValueOf(a.Run).Pointer()).Name(), "golang.org/x/tools/")
		if fromXTools != isStandardPass(a) {
			t.Errorf("analyzer %s: from x/tools %v, isStandardPass %v", a.Name, fromXTools, isStandardPass(a))
		}
	}
	if !seen[ctrlflow.Analyzer] {
		t.Error("no analyzer requires ctrlflow: stdNoReturn is dead")
	}
}
