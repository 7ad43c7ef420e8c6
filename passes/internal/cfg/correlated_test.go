package cfg_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
)

const correlatedSrc = `package p

func mark(string)
func next() (int, error)
func shuttingDown() bool

// A flag set on the shutdown pass keeps later passes off "write".
func serve() {
	inShutdown := false
	for {
		_, err := next()
		if err != nil {
			inShutdown = shuttingDown()
			if !inShutdown {
				break
			}
			mark("capture")
			continue
		}
		if inShutdown {
			continue
		}
		mark("write")
	}
}

// The same value tested twice: the second test follows the first.
func twice(locked bool) {
	if locked {
		mark("held")
	}
	mark("work")
	if locked {
		mark("unlock")
	}
	mark("end")
}

// A flag reset on a later pass makes "write" reachable again.
func reset() {
	inShutdown := false
	for {
		_, err := next()
		if err != nil {
			inShutdown = shuttingDown()
			if !inShutdown {
				break
			}
			mark("capture")
			continue
		}
		if inShutdown {
			inShutdown = false
			continue
		}
		mark("write")
	}
}
`

func TestPathExistsCorrelated(t *testing.T) {
	fns := build(t, correlatedSrc)
	is := func(label string) func(ssa.Instruction) bool {
		return func(i ssa.Instruction) bool { return isMark(i, label) }
	}
	serve := fns["serve"]
	capture := markCall(t, serve, "capture")
	if !cfg.PathExists(capture, is("write"), nil) {
		t.Fatalf("plain PathExists should reach write from capture")
	}
	if cfg.PathExistsCorrelated(capture, is("write"), nil) {
		t.Errorf("write is reachable only with inShutdown false, but capture's pass set it true and it stays true")
	}
	if !cfg.PathExistsCorrelated(markCall(t, serve, "write"), is("write"), nil) {
		t.Errorf("write reaches itself on the next pass")
	}

	twice := fns["twice"]
	if !cfg.PathExistsCorrelated(markCall(t, twice, "work"), is("unlock"), nil) {
		t.Errorf("from work, unlock is reachable (locked unknown)")
	}
	if cfg.PathExistsCorrelated(markCall(t, twice, "held"), is("end"), is("unlock")) {
		t.Errorf("after held, every path to end passes unlock")
	}
	if !cfg.PathExists(markCall(t, twice, "held"), is("end"), is("unlock")) {
		t.Errorf("plain PathExists ignores the correlation")
	}

	reset := fns["reset"]
	if !cfg.PathExistsCorrelated(markCall(t, reset, "capture"), is("write"), nil) {
		t.Errorf("the flag is reset on a later pass: write is reachable")
	}
}
