package cfg_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

const tripsSrc = `package p

func mark(string)

func loops(n int, c bool) {
	for i := 0; i < 3; i++ {
		mark("three")
	}
	for i := 1; i <= 4; i += 2 {
		mark("two")
	}
	for range 5 {
		mark("five")
	}
	for i := range 2 {
		_ = i
		mark("rangetwo")
	}
	for i := 0; i != 6; i += 3 {
		mark("neq")
	}
	for i := 0; i != 5; i += 2 {
		mark("neverequal")
	}
	for i := 0; i < n; i++ {
		mark("unknown")
	}
	for i := 0; i < 3; i++ {
		if c {
			break
		}
		mark("breaks")
	}
	for i := 0; i < 3; i++ {
		if c {
			continue
		}
		mark("sometimes")
	}
	for i := 0; i < 0; i++ {
		mark("zero")
	}
	for i := 0; i < 1000; i++ {
		mark("big")
	}
}
`

func TestRuns(t *testing.T) {
	fn := build(t, tripsSrc)["loops"]
	loops := cfg.FindLoops(fn)
	for _, tc := range []struct {
		label string
		want  int
		ok    bool
	}{
		{"three", 3, true},
		{"two", 2, true},
		{"five", 5, true},
		{"rangetwo", 2, true},
		{"neq", 2, true},
		{"neverequal", 0, false},
		{"unknown", 0, false},
		{"breaks", 0, false},
		{"sometimes", 0, false},
		{"zero", 0, true},
		{"big", 0, false},
	} {
		m := markCall(t, fn, tc.label)
		got, ok := cfg.Runs(fn, loops.Innermost(m.Block()), m, 100)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: Runs = %d, %v; want %d, %v", tc.label, got, ok, tc.want, tc.ok)
		}
	}
}
