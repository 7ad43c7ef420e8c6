package plugin

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes"
)

// Every registered check is a plugin of its own, and the bundle is one too.
func TestRegistered(t *testing.T) {
	names := []string{BundleName}
	for _, a := range passes.All() {
		names = append(names, a.Name)
	}
	for _, name := range names {
		newPlugin, err := register.GetPlugin(name)
		if err != nil {
			t.Errorf("plugin %s: %v", name, err)
			continue
		}
		p, err := newPlugin(nil) // no settings block at all
		if err != nil {
			t.Errorf("plugin %s with no settings: %v", name, err)
			continue
		}
		as, err := p.BuildAnalyzers()
		if err != nil || len(as) == 0 {
			t.Errorf("plugin %s: BuildAnalyzers = %d analyzers, %v", name, len(as), err)
		}
		if p.GetLoadMode() != register.LoadModeTypesInfo {
			t.Errorf("plugin %s: load mode %q", name, p.GetLoadMode())
		}
	}
}

func TestBundleDecodeStrict(t *testing.T) {
	newPlugin, err := register.GetPlugin(BundleName)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		conf    any
		wantErr string
	}{
		{map[string]any{"colour": "blue"}, `unknown field "colour"`},
		{map[string]any{"enable": []any{"nosuch"}}, `unknown check "nosuch"`},
		{map[string]any{"disable": []any{"nosuch"}}, `unknown check "nosuch"`},
		{map[string]any{"flags": map[string]any{"nosuch": map[string]any{}}}, `unknown check "nosuch"`},
		{map[string]any{"enable": []any{"x"}, "disable": []any{"y"}}, "not both"},
		{map[string]any{"enable": "deferloop"}, "cannot unmarshal"},
	} {
		_, err := newPlugin(tc.conf)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("settings %v: error %v, want one containing %q", tc.conf, err, tc.wantErr)
		}
	}
}

// fakes returns two analyzers; b has flags of each kind.
func fakes() (a, b *analysis.Analyzer, maxFlag *int, mode *string, strict *bool) {
	a = &analysis.Analyzer{Name: "alpha", Doc: "alpha: a", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	b = &analysis.Analyzer{Name: "beta", Doc: "beta: b", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	maxFlag = b.Flags.Int("max", 1, "a number")
	mode = b.Flags.String("mode", "x", "a word or a list")
	strict = b.Flags.Bool("strict", false, "a switch")
	return
}

func TestBundleSelectAndFlags(t *testing.T) {
	a, b, maxFlag, mode, strict := fakes()
	all := []*analysis.Analyzer{a, b}

	p, err := bundle(all, BundleSettings{Disable: []string{"alpha"}, Flags: map[string]map[string]any{
		"beta": {"max": float64(3), "mode": []any{"p", "q"}, "strict": true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != b.Name {
		t.Errorf("disable alpha: got %v", got)
	}
	if *maxFlag != 3 || *mode != "p,q" || !*strict {
		t.Errorf("flags: max=%d mode=%q strict=%v", *maxFlag, *mode, *strict)
	}

	p, err = bundle(all, BundleSettings{Enable: []string{"alpha"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := p.BuildAnalyzers(); len(got) != 1 || got[0].Name != a.Name {
		t.Errorf("enable alpha: got %v", got)
	}

	if _, err := bundle(all, BundleSettings{Flags: map[string]map[string]any{"alpha": {"max": 1}}}); err == nil ||
		!strings.Contains(err.Error(), "alpha has no flags") {
		t.Errorf("flag on a check without flags: %v", err)
	}
	if _, err := bundle(all, BundleSettings{Flags: map[string]map[string]any{"beta": {"maxx": 1}}}); err == nil ||
		!strings.Contains(err.Error(), `unknown flag "maxx" (known: max, mode, strict)`) {
		t.Errorf("unknown flag: %v", err)
	}
	if _, err := bundle(all, BundleSettings{Flags: map[string]map[string]any{"beta": {"mode": map[string]any{}}}}); err == nil {
		t.Errorf("a map as a flag value was accepted")
	}
}

func TestCheckFlags(t *testing.T) {
	_, b, maxFlag, _, _ := fakes()
	newPlugin := newCheck(b)
	p, err := newPlugin(map[string]any{"max": 7})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.BuildAnalyzers(); err != nil {
		t.Fatal(err)
	}
	if *maxFlag != 7 {
		t.Errorf("max = %d, want 7", *maxFlag)
	}

	// A malformed value is an error from BuildAnalyzers, naming the flag.
	p, err = newPlugin(map[string]any{"max": "many"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.BuildAnalyzers(); err == nil || !strings.Contains(err.Error(), "flag max") {
		t.Errorf("malformed value: %v", err)
	}

	if _, err := newPlugin(map[string]any{"nosuch": 1}); err == nil || !strings.Contains(err.Error(), `unknown flag "nosuch"`) {
		t.Errorf("unknown flag: %v", err)
	}
	if _, err := newPlugin([]any{1}); err == nil {
		t.Errorf("a list as settings was accepted")
	}
}

// TestWithoutRelated: golangci-lint would show each related position as an
// issue of its own, so the plugin's analyzers report none.
func TestWithoutRelated(t *testing.T) {
	a := &analysis.Analyzer{Name: "rel", Doc: "rel: r", Run: func(pass *analysis.Pass) (any, error) {
		pass.Report(analysis.Diagnostic{Pos: 1, Message: "m", Related: []analysis.RelatedInformation{{Pos: 2, Message: "other"}}})
		return nil, nil
	}}
	p, err := check(a, nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 {
		t.Fatalf("BuildAnalyzers = %v, %v", as, err)
	}
	var got []analysis.Diagnostic
	pass := &analysis.Pass{Analyzer: as[0], Report: func(d analysis.Diagnostic) { got = append(got, d) }}
	if _, err := as[0].Run(pass); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Message != "m" || got[0].Related != nil {
		t.Errorf("reported %+v, want m without related information", got)
	}
}
