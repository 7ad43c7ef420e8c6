package report_test

import (
	"reflect"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/report"
)

func TestParseDirective(t *testing.T) {
	for _, tc := range []struct {
		text   string
		names  []string
		reason string
		ok     bool
	}{
		{"//leakvet:ignore errwrap legacy API compares errors by value", []string{"errwrap"}, "legacy API compares errors by value", true},
		{"//leakvet:ignore unbufsend,doubleclose  reviewed in #12", []string{"unbufsend", "doubleclose"}, "reviewed in #12", true},
		{"//leakvet:ignore deferloop", []string{"deferloop"}, "", true},
		{"//leakvet:ignore", nil, "", true},
		{"//leakvet:ignored deferloop x", nil, "", false},
		{"// leakvet:ignore deferloop x", nil, "", false}, // directives have no space after //
		{"//nolint:deferloop", nil, "", false},
	} {
		names, reason, ok := report.ParseDirective(tc.text)
		if ok != tc.ok || reason != tc.reason || !reflect.DeepEqual(names, tc.names) {
			t.Errorf("ParseDirective(%q) = %q, %q, %v; want %q, %q, %v", tc.text, names, reason, ok, tc.names, tc.reason, tc.ok)
		}
	}
}
