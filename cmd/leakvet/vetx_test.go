package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/leakvet/leakvet/passes"
)

func TestAnalyzersForVetxOnly(t *testing.T) {
	all := passes.All()
	dir := t.TempDir()
	full := filepath.Join(dir, "full.cfg")
	vetx := filepath.Join(dir, "vetx.cfg")
	for name, cfg := range map[string]string{full: `{"ID":"p","VetxOnly":false}`, vetx: `{"ID":"p","VetxOnly":true}`} {
		if err := os.WriteFile(name, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if got := analyzersFor(full, all); len(got) != len(all) || got[0] != all[0] {
		t.Errorf("a full run must keep every analyzer as it is")
	}
	got := analyzersFor(vetx, all)
	if len(got) != len(all) {
		t.Fatalf("VetxOnly: %d analyzers, want %d (flags of every analyzer must stay defined)", len(got), len(all))
	}
	for i, a := range all {
		g := got[i]
		if g.Name != a.Name || g.Flags.NFlag() != a.Flags.NFlag() {
			t.Errorf("%s: the stand-in must keep the name and flags", a.Name)
		}
		switch {
		case len(a.FactTypes) > 0 && g != a:
			t.Errorf("%s exports facts and must run as it is", a.Name)
		case len(a.FactTypes) == 0 && g == a:
			t.Errorf("%s exports no facts and must be replaced by a stand-in", a.Name)
		}
		for _, req := range g.Requires {
			if !exportsFacts(req) && g != a {
				t.Errorf("%s's stand-in requires %s, which exports no facts", a.Name, req.Name)
			}
		}
	}
}

func TestVetConfigArg(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"/tmp/x/vet.cfg"}, true},
		{[]string{"-deferloop=false", "/tmp/x/vet.cfg"}, true},
		{[]string{"./..."}, false},
		{[]string{"std", "x.cfg"}, false},
		{nil, false},
	} {
		if _, ok := vetConfigArg(tc.args); ok != tc.ok {
			t.Errorf("vetConfigArg(%q) = %v, want %v", tc.args, ok, tc.ok)
		}
	}
}
