package lsp

import (
	"encoding/json"
	"flag"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// settings is the configuration a client sends, in initializationOptions
// or in workspace/didChangeConfiguration, either as is or under a
// "leakvet" key (as VS Code-style settings sections nest it):
//
//	{
//	  "checks":    {"errwrap": false},            // as -errwrap=false
//	  "flags":     {"errwrap.allverbs": true},    // as -errwrap.allverbs
//	  "buildTags": "integration,linux",           // as -tags (a list works too)
//	  "tests":     true,                          // as -test (default true)
//	  "severity":  "warning"                      // error, warning, information or hint
//	}
//
// "checks" follows the command line: naming any check true runs only the
// checks named true; otherwise every check runs except those named false.
type settings struct {
	Checks    map[string]bool `json:"checks"`
	Flags     map[string]any  `json:"flags"`
	BuildTags any             `json:"buildTags"`
	Tests     *bool           `json:"tests"`
	Severity  string          `json:"severity"`
}

// config is settings resolved against the analyzers at hand.
type config struct {
	analyzers []*analysis.Analyzer
	flags     map[string]string // "check.flag" -> value, the ones set
	tags      string
	tests     bool
	severity  int
}

func defaultConfig(all []*analysis.Analyzer) *config {
	return &config{analyzers: all, flags: map[string]string{}, tests: true, severity: severityWarning}
}

// parseConfig resolves raw settings; problems (an unknown check or flag, a
// value of the wrong type) come back as warnings and the rest still
// applies. Empty or null settings are the defaults.
func parseConfig(raw json.RawMessage, all []*analysis.Analyzer) (*config, []string) {
	cfg := defaultConfig(all)
	if emptySettings(raw) {
		return cfg, nil
	}
	var nested struct {
		Leakvet json.RawMessage `json:"leakvet"`
	}
	if json.Unmarshal(raw, &nested) == nil && len(nested.Leakvet) > 0 && string(nested.Leakvet) != "null" {
		raw = nested.Leakvet
	}
	var s settings
	if err := json.Unmarshal(raw, &s); err != nil {
		return cfg, []string{fmt.Sprintf("leakvet settings: %v", err)}
	}
	var warnings []string
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range all {
		byName[a.Name] = a
	}
	anyOn := false
	for name, on := range s.Checks {
		if byName[name] == nil {
			warnings = append(warnings, fmt.Sprintf("leakvet settings: no check named %q (see `leakvet help`)", name))
		}
		anyOn = anyOn || on
	}
	cfg.analyzers = nil
	for _, a := range all {
		on, set := s.Checks[a.Name]
		if (anyOn && on) || (!anyOn && (!set || on)) {
			cfg.analyzers = append(cfg.analyzers, a)
		}
	}
	for key, v := range s.Flags {
		check, name, ok := strings.Cut(key, ".")
		a := byName[check]
		if !ok || a == nil || a.Flags.Lookup(name) == nil {
			warnings = append(warnings, fmt.Sprintf("leakvet settings: no flag %q (flags are named CHECK.FLAG, as on the command line)", key))
			continue
		}
		switch v := v.(type) {
		case string:
			cfg.flags[key] = v
		case bool, float64:
			cfg.flags[key] = fmt.Sprint(v)
		default:
			warnings = append(warnings, fmt.Sprintf("leakvet settings: flag %q: want a string, number or boolean", key))
		}
	}
	switch tags := s.BuildTags.(type) {
	case nil:
	case string:
		cfg.tags = tags
	case []any:
		var list []string
		for _, t := range tags {
			if t, ok := t.(string); ok {
				list = append(list, t)
			}
		}
		cfg.tags = strings.Join(list, ",")
	default:
		warnings = append(warnings, "leakvet settings: buildTags: want a string or a list of strings")
	}
	if s.Tests != nil {
		cfg.tests = *s.Tests
	}
	switch strings.ToLower(s.Severity) {
	case "":
	case "error":
		cfg.severity = severityError
	case "warning":
		cfg.severity = severityWarning
	case "information", "info":
		cfg.severity = severityInformation
	case "hint":
		cfg.severity = severityHint
	default:
		warnings = append(warnings, fmt.Sprintf("leakvet settings: severity %q: want error, warning, information or hint", s.Severity))
	}
	sort.Strings(warnings)
	return cfg, warnings
}

// emptySettings reports whether raw holds no settings: nothing, null, {},
// or [] (Lua's {} as Neovim encodes it).
func emptySettings(raw json.RawMessage) bool {
	switch strings.Join(strings.Fields(string(raw)), "") {
	case "", "null", "{}", "[]":
		return true
	}
	return false
}

// flagDefaults records every analyzer flag's default, so that a new
// configuration starts from them rather than from the last one's values.
func flagDefaults(all []*analysis.Analyzer) map[string]string {
	defs := make(map[string]string)
	for _, a := range all {
		a.Flags.VisitAll(func(f *flag.Flag) { defs[a.Name+"."+f.Name] = f.DefValue })
	}
	return defs
}

// applyFlags sets every analyzer flag to its default or to the value cfg
// gives it. Analyzer flags are the process's: only the analysis worker
// calls this, between runs.
func applyFlags(all []*analysis.Analyzer, defaults, set map[string]string) []string {
	var problems []string
	for _, a := range all {
		a.Flags.VisitAll(func(f *flag.Flag) {
			key := a.Name + "." + f.Name
			v, ok := set[key]
			if !ok {
				v = defaults[key]
			}
			if err := f.Value.Set(v); err != nil {
				problems = append(problems, fmt.Sprintf("leakvet settings: flag %q: %v", key, err))
				_ = f.Value.Set(defaults[key]) // the flag's own DefValue, which it parses
			}
		})
	}
	return problems
}
