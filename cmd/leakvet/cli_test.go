package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes"
)

// The end-to-end tests of the command line: flags, help, output, fixes,
// and what happens when the go command is newer than leakvet's Go.

// TestFlags: one behaviour for flags (issue 16, Build 3).
func TestFlags(t *testing.T) {
	dir := sample(t)
	t.Run("flag after the patterns", func(t *testing.T) {
		r := run(t, dir, leakvetBin, "./leaky", "-json")
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
			!strings.Contains(r.stderr, "-json after the package patterns") || !strings.Contains(r.stderr, "leakvet -h") {
			t.Errorf("got exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 2, nothing analysed, one line naming the flag and leakvet -h", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("unknown flag", func(t *testing.T) {
		r := run(t, dir, leakvetBin, "-nosuchflag", "./leaky")
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
			!strings.Contains(r.stderr, "flag provided but not defined: -nosuchflag") || !strings.Contains(r.stderr, "leakvet -h") {
			t.Errorf("got exit %d, stderr:\n%s\nwant exit 2 and one line naming the flag and leakvet -h", r.code, r.stderr)
		}
	})
	t.Run("bad flag value", func(t *testing.T) {
		r := run(t, dir, leakvetBin, "-c=many", "./leaky")
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "-c") {
			t.Errorf("got exit %d, stderr:\n%s\nwant exit 2 and one line", r.code, r.stderr)
		}
	})
	t.Run("no patterns", func(t *testing.T) {
		r := run(t, dir, leakvetBin)
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "leakvet [flags] PATTERNS") {
			t.Errorf("got exit %d, stderr:\n%s\nwant exit 2 and the usage line", r.code, r.stderr)
		}
	})
	t.Run("unknown check in help", func(t *testing.T) {
		r := run(t, dir, leakvetBin, "help", "nosuchcheck")
		if r.code != 2 || !strings.Contains(r.stderr, `no check named "nosuchcheck"`) {
			t.Errorf("got exit %d, stderr:\n%s", r.code, r.stderr)
		}
		for _, a := range passes.All() {
			if !strings.Contains(r.stderr, a.Name) {
				t.Errorf("leakvet help nosuchcheck does not list %s:\n%s", a.Name, r.stderr)
			}
		}
	})
	// -tags means the same for findings, fixes and context lines.
	const tagged = "tagged/extra.go:15:3: defer f.Close()"
	for _, extra := range [][]string{nil, {"-c=1"}, {"-fix"}, {"-json"}} {
		name := strings.Join(append([]string{"-tags"}, extra...), " ")
		t.Run(name, func(t *testing.T) {
			without := run(t, dir, leakvetBin, append(extra, "./tagged")...)
			with := run(t, dir, leakvetBin, append(append([]string{"-tags=extra"}, extra...), "./tagged")...)
			if strings.Contains(without.stdout, "extra.go") || !strings.Contains(with.stdout, "extra.go:15:3") {
				t.Errorf("without -tags:\n%s\nwith -tags=extra:\n%s\nwant the finding (%s) only with the tag", without.stdout, with.stdout, tagged)
			}
		})
	}
}

// TestHelp: the help is leakvet's own (Build 4).
func TestHelp(t *testing.T) {
	// Every flag leakvet takes, and only those.
	flags := []string{"NAME", "NAME=false", "NAME.FLAG=VALUE", "json", "sarif", "fix", "diff", "c=N", "tags=a,b", "test=false", "cpuprofile=FILE", "memprofile=FILE"}
	for _, args := range [][]string{{"help"}, {"-h"}, {"-help"}, {"--help"}} {
		r := run(t, ".", leakvetBin, args...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("leakvet %s: exit %d, stderr:\n%s", args[0], r.code, r.stderr)
		}
		help := r.stdout
		for _, want := range []string{"Usage:\n\n\tleakvet [flags] PATTERNS", "go vet -vettool=", "go fix -fixtool=", "Exit status:", "\t3  findings", "\t1  an error", "\t2  a usage error"} {
			if !strings.Contains(help, want) {
				t.Errorf("leakvet %s lacks %q:\n%s", args[0], want, help)
			}
		}
		for _, a := range passes.All() {
			summary, _, _ := strings.Cut(a.Doc, "\n")
			if !strings.Contains(help, a.Name) || !strings.Contains(help, summary) {
				t.Errorf("leakvet %s does not list %s: %s", args[0], a.Name, summary)
			}
		}
		for _, notOurs := range []string{"Printf", "SplitSeq", "multichecker", "-debug", "-trace", "-inprocess", "-govet", "-V=", "-flags", "-analyzer"} {
			if strings.Contains(help, notOurs) {
				t.Errorf("leakvet %s mentions %q, which is not leakvet's", args[0], notOurs)
			}
		}
		_, section, _ := strings.Cut(help, "\nFlags:\n")
		section, _, _ = strings.Cut(section, "\nExit status:")
		var listed []string
		for _, m := range regexp.MustCompile(`(?m)^\t-(\S+)`).FindAllStringSubmatch(section, -1) {
			listed = append(listed, m[1])
		}
		if strings.Join(listed, " ") != strings.Join(flags, " ") {
			t.Errorf("leakvet %s lists the flags\n%v\nwant\n%v", args[0], listed, flags)
		}
	}
	// Each flag in the help is one leakvet accepts.
	dir := sample(t)
	for _, args := range [][]string{{"-deferloop"}, {"-deferloop=false"}, {"-json"}, {"-sarif"}, {"-fix"}, {"-diff"}, {"-c=2"}, {"-tags=a,b"}, {"-test=false"},
		{"-cpuprofile=" + filepath.Join(t.TempDir(), "cpu")}, {"-memprofile=" + filepath.Join(t.TempDir(), "mem")}} {
		r := run(t, dir, leakvetBin, append(args, "./quiet")...)
		if r.code != 0 {
			t.Errorf("leakvet %s ./quiet: exit %d, stderr:\n%s", args[0], r.code, r.stderr)
		}
	}
	for _, a := range passes.All() {
		r := run(t, ".", leakvetBin, "help", a.Name)
		if r.code != 0 || !strings.HasPrefix(r.stdout, a.Name+": ") {
			t.Errorf("leakvet help %s: exit %d, output:\n%s%s", a.Name, r.code, r.stdout, r.stderr)
		}
	}
}

// TestVersion: leakvet version names the Go it was built with and the
// checks; -V=full is the answer go vet and go fix key their caches by.
func TestVersion(t *testing.T) {
	r := run(t, ".", leakvetBin, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "built with "+runtime.Version()) {
		t.Errorf("leakvet version: exit %d, output:\n%s\nwant the Go it was built with, %s", r.code, r.stdout, runtime.Version())
	}
	for _, a := range passes.All() {
		if !strings.Contains(r.stdout, "  "+a.Name+"\n") {
			t.Errorf("leakvet version does not name %s:\n%s", a.Name, r.stdout)
		}
	}
	// go vet and go fix cache results by the tool's -V=full answer, which
	// must be "NAME version ... buildID=..." for a tool built from source.
	r = run(t, ".", leakvetBin, "-V=full")
	if r.code != 0 || !strings.Contains(r.stdout, "leakvet version ") || !strings.Contains(r.stdout, "buildID=") {
		t.Errorf("-V=full: exit %d, output %q", r.code, r.stdout)
	}
}

// TestOutput: findings on stdout relative to the working directory, -json
// always a JSON tree, the go command's own words for its errors, end
// positions (Build 5).
func TestOutput(t *testing.T) {
	dir := sample(t)
	t.Run("relative paths", func(t *testing.T) {
		r := run(t, filepath.Join(dir, "leaky"), leakvetBin, "../tested", ".")
		for _, want := range []string{"../tested/tested.go:7:2: close of done panics", "leaky.go:14:3: defer f.Close()"} {
			if !strings.Contains(r.stdout, "\n"+want) && !strings.HasPrefix(r.stdout, want) {
				t.Errorf("stdout:\n%s\nwant a line starting %q", r.stdout, want)
			}
		}
		if r.code != 3 || r.stderr != "" {
			t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
	})
	t.Run("json always a tree", func(t *testing.T) {
		for _, args := range [][]string{{"./leaky"}, {"./quiet"}, {"./nosuchdir/..."}, {"./broken"}, {"example.com/other/mod"}, {"-nosuchflag", "./leaky"}, {"-c=x", "./leaky"}} {
			r := run(t, dir, leakvetBin, append([]string{"-json"}, args...)...)
			var tree map[string]map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
				t.Errorf("-json %s: stdout is not a JSON tree (%v):\n%s", args[0], err, r.stdout)
			}
		}
		r := runEnv(t, dir, newerGo(t), leakvetBin, "-json", "./leaky")
		var tree map[string]any
		if r.code != 1 || json.Unmarshal([]byte(r.stdout), &tree) != nil {
			t.Errorf("-json with a newer go command: exit %d, stdout:\n%s", r.code, r.stdout)
		}
	})
	t.Run("the go command's words", func(t *testing.T) {
		// go.mod broken: go list fails as a whole.
		bad := sample(t)
		if err := os.WriteFile(filepath.Join(bad, "go.mod"), []byte("module example.com/sample\n\ngo 1.26\n\nrequire (\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := run(t, bad, leakvetBin, "./leaky")
		if r.code != 1 || !strings.Contains(r.stderr, "go.mod:") || strings.Contains(r.stderr, "exit status") || strings.Contains(r.stderr, "go list") {
			t.Errorf("got exit %d, stderr:\n%s\nwant exit 1 and the go command's message about go.mod, not our plumbing", r.code, r.stderr)
		}
	})
	t.Run("end positions", func(t *testing.T) {
		r := run(t, dir, leakvetBin, "-json", "./leaky")
		var tree map[string]map[string][]struct{ Posn, End string }
		if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
			t.Fatal(err)
		}
		d := tree["example.com/sample/leaky"]["deferloop"]
		if len(d) != 1 || !strings.HasSuffix(d[0].Posn, "leaky.go:14:3") || !strings.HasSuffix(d[0].End, "leaky.go:14:18") {
			t.Errorf("deferloop diagnostic %+v: want it to span the defer statement, 14:3 to 14:18", d)
		}
	})
}

// TestFix: -fix and -diff on the standalone route (Build 2).
func TestFix(t *testing.T) {
	const fixed = `fmt.Errorf("load %s: %w", path, err)`
	const unfixed = "fixable/fixable.go:25:3: defer f.Close() in the loop at line 20"
	t.Run("diff", func(t *testing.T) {
		dir := sample(t)
		before, _ := os.ReadFile(filepath.Join(dir, "fixable", "fixable.go"))
		r := run(t, dir, leakvetBin, "-diff", "./fixable")
		after, _ := os.ReadFile(filepath.Join(dir, "fixable", "fixable.go"))
		if string(before) != string(after) {
			t.Errorf("-diff changed the file")
		}
		wantDiff := "--- a/fixable/fixable.go\n+++ b/fixable/fixable.go\n@@ -10,7 +10,7 @@\n"
		if r.code != 3 || !strings.HasPrefix(r.stdout, wantDiff) || !strings.Contains(r.stdout, "\n+\t\treturn nil, "+fixed+"\n") ||
			!strings.HasPrefix(r.stderr, unfixed) || strings.Contains(r.stderr, "%v") {
			t.Errorf("-diff: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 3, the diff on stdout and the unfixable finding on stderr", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("fix", func(t *testing.T) {
		dir := sample(t)
		r := run(t, dir, leakvetBin, "-fix", "./fixable")
		after, _ := os.ReadFile(filepath.Join(dir, "fixable", "fixable.go"))
		if !strings.Contains(string(after), fixed) {
			t.Errorf("-fix did not apply the fix:\n%s", after)
		}
		if r.code != 3 || !strings.HasPrefix(r.stdout, unfixed) || strings.Count(r.stdout, "\n") != 1 {
			t.Errorf("-fix: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 3 and only the finding without a fix", r.code, r.stdout, r.stderr)
		}
		again := run(t, dir, leakvetBin, "-fix", "./fixable")
		if again.stdout != r.stdout || again.code != 3 {
			t.Errorf("-fix again: exit %d, stdout:\n%s\nwant the same finding left", again.code, again.stdout)
		}
		clean := run(t, dir, leakvetBin, "-fix", "-deferloop=false", "./fixable")
		if clean.code != 0 || clean.stdout != "" {
			t.Errorf("-fix with nothing left: exit %d, stdout:\n%s", clean.code, clean.stdout)
		}
	})
}

// newerGo returns an environment whose go command claims a newer release
// than leakvet's: a wrapper on PATH that answers go env for go1.99.0.
func newerGo(t *testing.T) []string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	script := "#!/bin/sh\nif [ \"$1\" = env ]; then \"" + goBin + "\" \"$@\" | sed '1s/.*/go1.99.0/'; exit; fi\nexec \"" + goBin + "\" \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "GOVERSION=go1.99.0"}
}

// TestNewerGoCommand: a leakvet built by an older Go than the go command's
// stops with one line on every route (Build 1). .ci/run also runs a
// leakvet built by Go 1.26 under the real Go 1.27 go vet and go fix.
func TestNewerGoCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the go wrapper is a shell script")
	}
	dir := sample(t)
	env := newerGo(t)
	want := "leakvet: built with " + runtime.Version() + " but the go command is go1.99.0; reinstall leakvet with Go 1.99: go install github.com/leakvet/leakvet/cmd/leakvet@latest\n"
	for _, args := range [][]string{{"./leaky"}, {"-fix", "./leaky"}, {"-diff", "./leaky"}, {"-V=full"}} {
		r := runEnv(t, dir, env, leakvetBin, args...)
		if r.code != 1 || r.stderr != want {
			t.Errorf("leakvet %s: exit %d, stderr:\n%s\nwant exit 1 and\n%s", strings.Join(args, " "), r.code, r.stderr, want)
		}
	}
	r := runEnv(t, dir, env, leakvetBin, "-sarif", "./leaky")
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "go1.99.0") {
		t.Errorf("leakvet -sarif: exit %d, stderr:\n%s\nwant exit 1 and the one line", r.code, r.stderr)
	}
}
