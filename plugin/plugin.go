// Package plugin registers leakvet's analyzers as golangci-lint v2 module
// plugins (github.com/golangci/plugin-module-register).
//
// Two kinds of plugin are registered, and a configuration uses one or the
// other.
//
// One plugin per check, named after the analyzer (deferloop, errwrap,
// unbufsend, ...). Each is a linter of its own in golangci-lint, so
// //nolint:unbufsend, per-linter exclusion rules and
// `golangci-lint run --enable-only unbufsend` work as for built-in linters.
// Its settings are the analyzer's flags, by name:
//
//	errwrap:
//	  type: module
//	  settings:
//	    barereturn: true
//
// One plugin named "leakvet" that runs every check, or a chosen subset, as a
// single linter; its findings read "unbufsend: ...", and only
// //nolint:leakvet silences them. Its settings:
//
//	leakvet:
//	  type: module
//	  settings:
//	    enable: [deferloop, unbufsend]   # run only these (default: all)
//	    disable: [gosched]               # or: run all but these
//	    flags:                           # check -> flag -> value
//	      errwrap: {barereturn: true}
//
// Enabling the "leakvet" plugin together with per-check plugins runs the
// shared checks twice and attributes their findings to only one of the
// linters; configure one style.
//
// Settings are decoded strictly: an unknown key, an unknown check or an
// unknown flag is a configuration error, not silently ignored.
//
// The analyzers honour //leakvet:ignore NAME reason comments themselves, so
// that directive works in golangci-lint exactly as in the leakvet binary.
package plugin

import (
	"flag"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes"
)

// BundleName is the name of the plugin that runs all of leakvet's checks
// as one golangci-lint linter.
const BundleName = "leakvet"

func init() {
	register.Plugin(BundleName, newBundle)
	for _, a := range passes.All() {
		register.Plugin(a.Name, newCheck(a))
	}
}

// BundleSettings are the settings of the "leakvet" plugin.
type BundleSettings struct {
	// Enable, when not empty, lists the only checks to run.
	Enable []string `json:"enable"`
	// Disable lists checks not to run.
	Disable []string `json:"disable"`
	// Flags sets analyzer flags: check name -> flag name -> value.
	Flags map[string]map[string]any `json:"flags"`
}

// linterPlugin implements register.LinterPlugin for a fixed set of
// analyzers whose flags have been validated.
type linterPlugin struct {
	analyzers []*analysis.Analyzer
	flags     map[*analysis.Analyzer]map[string]string
}

// BuildAnalyzers applies the configured flags and returns the analyzers.
func (p *linterPlugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	for _, a := range p.analyzers {
		for _, name := range sortedKeys(p.flags[a]) {
			if err := a.Flags.Set(name, p.flags[a][name]); err != nil {
				return nil, fmt.Errorf("leakvet: %s: flag %s: %w", a.Name, name, err)
			}
		}
	}
	out := make([]*analysis.Analyzer, len(p.analyzers))
	for i, a := range p.analyzers {
		out[i] = withoutRelated(a)
	}
	return out, nil
}

// withoutRelated returns a copy of a whose diagnostics carry no related
// positions. golangci-lint turns each related position into an issue of
// its own ("deferloop(related information): the loop"), which a //nolint
// on the reported line does not silence; the message already names the
// other line.
func withoutRelated(a *analysis.Analyzer) *analysis.Analyzer {
	c := *a
	run := a.Run
	c.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			d.Related = nil
			report(d)
		}
		return run(pass)
	}
	return &c
}

// GetLoadMode asks for type information: every leakvet check needs it.
func (*linterPlugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

func newBundle(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[BundleSettings](conf)
	if err != nil {
		return nil, fmt.Errorf("leakvet: settings: %w", err)
	}
	return bundle(passes.All(), s)
}

// bundle validates s against all and returns the plugin running the
// selected analyzers.
func bundle(all []*analysis.Analyzer, s BundleSettings) (*linterPlugin, error) {
	byName := make(map[string]*analysis.Analyzer, len(all))
	for _, a := range all {
		byName[a.Name] = a
	}
	known := func(field string, names []string) error {
		for _, n := range names {
			if byName[n] == nil {
				return fmt.Errorf("leakvet: settings: %s: unknown check %q (known: %s)", field, n, strings.Join(analyzerNames(all), ", "))
			}
		}
		return nil
	}
	if len(s.Enable) > 0 && len(s.Disable) > 0 {
		return nil, fmt.Errorf("leakvet: settings: use enable or disable, not both")
	}
	if err := known("enable", s.Enable); err != nil {
		return nil, err
	}
	if err := known("disable", s.Disable); err != nil {
		return nil, err
	}
	if err := known("flags", sortedKeys(s.Flags)); err != nil {
		return nil, err
	}

	p := &linterPlugin{flags: make(map[*analysis.Analyzer]map[string]string)}
	for _, a := range all {
		if len(s.Enable) > 0 && !slices.Contains(s.Enable, a.Name) || slices.Contains(s.Disable, a.Name) {
			continue
		}
		p.analyzers = append(p.analyzers, a)
	}
	for name, values := range s.Flags {
		a := byName[name]
		fv, err := flagValues(a, values)
		if err != nil {
			return nil, err
		}
		p.flags[a] = fv
	}
	return p, nil
}

// newCheck returns the constructor of the plugin that runs a alone.
func newCheck(a *analysis.Analyzer) register.NewPlugin {
	return func(conf any) (register.LinterPlugin, error) {
		values, err := register.DecodeSettings[map[string]any](conf)
		if err != nil {
			return nil, fmt.Errorf("%s: settings: %w", a.Name, err)
		}
		return check(a, values)
	}
}

// check validates the flag settings of a and returns the plugin running a.
func check(a *analysis.Analyzer, values map[string]any) (*linterPlugin, error) {
	fv, err := flagValues(a, values)
	if err != nil {
		return nil, err
	}
	return &linterPlugin{
		analyzers: []*analysis.Analyzer{a},
		flags:     map[*analysis.Analyzer]map[string]string{a: fv},
	}, nil
}

// flagValues checks that every key of values names a flag of a and turns
// each value into the string form flag.Value.Set expects. The values
// themselves are parsed by Set in BuildAnalyzers, which golangci-lint
// calls before running anything; a malformed one is an error there.
func flagValues(a *analysis.Analyzer, values map[string]any) (map[string]string, error) {
	out := make(map[string]string, len(values))
	for _, name := range sortedKeys(values) {
		if a.Flags.Lookup(name) == nil {
			var valid []string
			a.Flags.VisitAll(func(f *flag.Flag) { valid = append(valid, f.Name) })
			if len(valid) == 0 {
				return nil, fmt.Errorf("%s: settings: unknown flag %q: %s has no flags", a.Name, name, a.Name)
			}
			return nil, fmt.Errorf("%s: settings: unknown flag %q (known: %s)", a.Name, name, strings.Join(valid, ", "))
		}
		s, err := scalar(values[name])
		if err != nil {
			return nil, fmt.Errorf("%s: settings: flag %s: %w", a.Name, name, err)
		}
		out[name] = s
	}
	return out, nil
}

// scalar renders a YAML scalar (decoded through JSON) as a flag value.
// Lists become comma-separated, the usual form of list-valued flags.
func scalar(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return fmt.Sprint(v), nil
	case float64:
		// JSON numbers decode as float64; 3 must become "3", not "3e+00".
		return fmt.Sprint(v), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := scalar(e)
			if err != nil {
				return "", err
			}
			if strings.Contains(s, ",") {
				return "", fmt.Errorf("list element %q contains a comma", s)
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	case nil:
		return "", fmt.Errorf("no value")
	default:
		return "", fmt.Errorf("unsupported value %v of type %T", v, v)
	}
}

func analyzerNames(all []*analysis.Analyzer) []string {
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
	}
	return names
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
