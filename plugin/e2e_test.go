package plugin_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/leakvet/leakvet/internal/readme"
	"github.com/leakvet/leakvet/passes"
)

// TestGolangciLint builds golangci-lint v2.15.0 with leakvet's module
// plugin (testdata/golangci/gcl, from the Go module proxy only) and runs it
// on the sample module testdata/golangci/sample with the .golangci.yml
// files README.md shows: findings appear under each check's own linter
// name, //nolint:NAME and //leakvet:ignore silence them,
// the "leakvet" bundle plugin reports the same findings, settings are
// strict, and --fix applies suggested fixes.
//
// It takes minutes the first time (golangci-lint has hundreds of
// dependencies), so it does not run with -short.
func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint: slow; runs without -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()

	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	gcl := buildGolangciLint(ctx, t, root)
	cache := t.TempDir()
	wants := sampleWants(t, filepath.Join(root, "testdata/golangci/sample"))

	var names []string
	for _, a := range passes.All() {
		names = append(names, a.Name)
	}

	t.Run("per-check", func(t *testing.T) {
		dir := copySample(t, root)
		writeFile(t, filepath.Join(dir, ".golangci.yml"), showAll(readme.PerCheckConfig(passes.All())))
		issues := runLint(ctx, t, gcl, cache, dir)
		got := make(map[finding]bool)
		for _, is := range issues {
			if slices.Contains(names, is.FromLinter) {
				got[finding{filepath.Base(is.Pos.Filename), is.Pos.Line, is.FromLinter}] = true
			}
		}
		compareFindings(t, names, wants, got)
		for _, is := range issues {
			t.Logf("%s:%d:%d: %s (%s)", filepath.Base(is.Pos.Filename), is.Pos.Line, is.Pos.Column, is.Text, is.FromLinter)
		}
	})

	t.Run("bundle", func(t *testing.T) {
		dir := copySample(t, root)
		writeFile(t, filepath.Join(dir, ".golangci.yml"), showAll(readme.BundleConfig(passes.All())))
		issues := runLint(ctx, t, gcl, cache, dir)
		got := make(map[finding]bool)
		for _, is := range issues {
			if is.FromLinter != "leakvet" {
				continue
			}
			name, _, ok := strings.Cut(is.Text, ": ")
			if !ok {
				t.Errorf("bundle finding %q does not start with the check's name", is.Text)
				continue
			}
			got[finding{filepath.Base(is.Pos.Filename), is.Pos.Line, name}] = true
		}
		// //nolint:deferloop names a linter the bundle does not define, so
		// under the bundle that line is reported: expect it in addition.
		bundleWants := maps(wants)
		for _, f := range nolintLines(t, filepath.Join(root, "testdata/golangci/sample")) {
			bundleWants[f] = true
		}
		compareFindings(t, names, bundleWants, got)
	})

	// A check named like a built-in linter would shadow it or be shadowed.
	t.Run("no-name-clash", func(t *testing.T) {
		cmd := exec.CommandContext(ctx, gcl, "help", "linters")
		cmd.Dir = t.TempDir()
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("golangci-lint help linters: %v", err)
		}
		builtin := regexp.MustCompile(`(?m)^([a-z0-9_-]+):`).FindAllStringSubmatch(string(out), -1)
		if len(builtin) < 50 {
			t.Fatalf("golangci-lint help linters lists %d linters:\n%s", len(builtin), out)
		}
		for _, m := range builtin {
			if slices.Contains(names, m[1]) || m[1] == "leakvet" {
				t.Errorf("leakvet's %s has the name of a golangci-lint built-in linter", m[1])
			}
		}
	})

	t.Run("strict-settings", func(t *testing.T) {
		for _, tc := range []struct{ name, config, wantErr string }{
			{"bundle-unknown-key", bundleConfig("        colour: blue\n"), "colour"},
			{"bundle-unknown-check", bundleConfig("        disable: [nosuchcheck]\n"), "nosuchcheck"},
			{"check-unknown-flag", perCheckConfig(names[:1], "        nosuchflag: true\n"), "nosuchflag"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				dir := copySample(t, root)
				writeFile(t, filepath.Join(dir, ".golangci.yml"), tc.config)
				out, code := lint(ctx, t, gcl, cache, dir)
				if code == 0 || code == 1 || !strings.Contains(out, tc.wantErr) {
					t.Errorf("golangci-lint exited %d; want a configuration error mentioning %q; output:\n%s", code, tc.wantErr, out)
				}
			})
		}
	})

	// The README's editor recipes run the binary exactly like this.
	t.Run("editors", func(t *testing.T) {
		dir := copySample(t, root)
		writeFile(t, filepath.Join(dir, ".golangci.yml"), readme.PerCheckConfig(passes.All()))

		// golangci-lint-langserver (Neovim, Helix): the configured command
		// plus the directory of the saved file, run in the workspace root;
		// it keeps the JSON issues whose Pos.Filename is the file's path
		// relative to that root.
		cmd := exec.CommandContext(ctx, gcl, "run", "--output.json.path=stdout", "--show-stats=false", "--issues-exit-code=1", dir+string(filepath.Separator))
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache)
		out, err := cmd.Output()
		if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("langserver command: %v (want exit status 1 with issues)\n%s", err, out)
		}
		var report struct{ Issues []issue }
		if err := json.Unmarshal(out, &report); err != nil {
			t.Fatalf("langserver command: stdout is not the JSON report alone: %v\n%s", err, out)
		}
		found := false
		for _, is := range report.Issues {
			if is.Pos.Filename == "deferloop.go" && is.FromLinter == "deferloop" {
				found = true
			}
		}
		if !found {
			t.Errorf("langserver command: no deferloop issue with Pos.Filename %q: %+v", "deferloop.go", report.Issues)
		}

		// VS Code (go.lintTool golangci-lint-v2): text on stdout, absolute
		// paths, one "file:line:col: text (linter)" line per issue.
		cmd = exec.CommandContext(ctx, gcl, "run", "--output.text.print-issued-lines=false", "--show-stats=false",
			"--output.text.path=stdout", "--path-mode=abs", "./...")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache)
		out, _ = cmd.Output()
		want := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(filepath.Join(dir, "deferloop.go")) + `:\d+:\d+: .* \(deferloop\)$`)
		if !want.Match(out) {
			t.Errorf("VS Code command: no line matching %s in:\n%s", want, out)
		}
	})

	t.Run("fix", func(t *testing.T) {
		dir := copySample(t, root)
		writeFile(t, filepath.Join(dir, ".golangci.yml"), readme.PerCheckConfig(passes.All()))
		goldens, _ := filepath.Glob(filepath.Join(dir, "*.go.golden"))
		var checked int
		for _, g := range goldens {
			name := strings.TrimSuffix(filepath.Base(g), ".go.golden")
			if slices.Contains(names, name) {
				checked++
			}
		}
		if checked == 0 {
			t.Skipf("no check with a golden file in the sample is registered yet (goldens: %v)", goldens)
		}
		out, code := lint(ctx, t, gcl, cache, dir, "--fix")
		if code != 0 && code != 1 {
			t.Fatalf("golangci-lint --fix exited %d:\n%s", code, out)
		}
		for _, g := range goldens {
			name := strings.TrimSuffix(filepath.Base(g), ".go.golden")
			if !slices.Contains(names, name) {
				continue
			}
			want, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(strings.TrimSuffix(g, ".golden"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("after --fix, %s.go is\n%s\nwant\n%s", name, got, want)
			}
		}
	})
}

// buildGolangciLint builds testdata/golangci/gcl against the leakvet
// checkout at root and returns the binary.
func buildGolangciLint(ctx context.Context, t *testing.T, root string) string {
	t.Helper()
	src := filepath.Join(root, "testdata/golangci/gcl")
	dir := t.TempDir()
	for _, name := range []string{"main.go", "go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "go.mod" {
			data = []byte(strings.Replace(string(data), "=> ../../..", "=> "+root, 1))
		}
		writeFile(t, filepath.Join(dir, name), string(data))
	}
	bin := filepath.Join(dir, "golangci-lint")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	start := time.Now()
	// -mod=mod: leakvet's own requirements may have moved on since
	// testdata/golangci/gcl/go.sum was written; let go add their sums.
	cmd := exec.CommandContext(ctx, "go", "build", "-mod=mod", "-o", bin, ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building golangci-lint with the leakvet plugin: %v\n%s", err, out)
	}
	t.Logf("built golangci-lint with the plugin in %s", time.Since(start).Round(time.Second))
	return bin
}

// issue is the part of golangci-lint's JSON issue the test reads.
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

func runLint(ctx context.Context, t *testing.T, gcl, cache, dir string) []issue {
	t.Helper()
	out, code := lint(ctx, t, gcl, cache, dir, "--output.json.path=stdout")
	if code != 0 && code != 1 {
		t.Fatalf("golangci-lint exited %d:\n%s", code, out)
	}
	// stdout holds the JSON report on its first line; stderr follows.
	line, _, _ := strings.Cut(out, "\n")
	var report struct{ Issues []issue }
	if err := json.Unmarshal([]byte(line), &report); err != nil {
		t.Fatalf("golangci-lint output is not a JSON report: %v\n%s", err, out)
	}
	return report.Issues
}

// lint runs golangci-lint in dir and returns its stdout then stderr, and
// its exit code.
func lint(ctx context.Context, t *testing.T, gcl, cache, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.CommandContext(ctx, gcl, append([]string{"run", "--show-stats=false"}, append(args, "./...")...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache, "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("running golangci-lint: %v", err)
		}
		code = ee.ExitCode()
	}
	return stdout.String() + stderr.String(), code
}

// perCheckConfig enables one module plugin per check; settings, if not
// empty, is the YAML body of each check's settings block.
func perCheckConfig(names []string, settings string) string {
	var b strings.Builder
	b.WriteString("version: \"2\"\nlinters:\n  default: none\n  enable:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "    - %s\n", n)
	}
	b.WriteString("  settings:\n    custom:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "      %s:\n        type: module\n        description: leakvet %s\n", n, n)
		if settings != "" {
			b.WriteString("        settings:\n" + indent(settings))
		}
	}
	b.WriteString(issuesConfig)
	return b.String()
}

// bundleConfig enables the "leakvet" plugin with the given settings body.
func bundleConfig(settings string) string {
	s := "version: \"2\"\nlinters:\n  default: none\n  enable:\n    - leakvet\n  settings:\n    custom:\n      leakvet:\n        type: module\n        description: leakvet\n"
	if settings != "" {
		s += "        settings:\n" + indent(settings)
	}
	return s + issuesConfig
}

const issuesConfig = "issues:\n  uniq-by-line: false\n  max-issues-per-linter: 0\n  max-same-issues: 0\n"

// showAll lifts golangci-lint's limits on the number of issues shown in a
// configuration that has an issues section.
func showAll(config string) string {
	if !strings.Contains(config, "\nissues:\n") {
		panic("configuration without an issues section:\n" + config)
	}
	return strings.Replace(config, "\nissues:\n", "\nissues:\n  max-issues-per-linter: 0\n  max-same-issues: 0\n", 1)
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString("  " + l)
		}
	}
	return b.String()
}

// A finding is a check's diagnostic on a line of a sample file.
type finding struct {
	file  string
	line  int
	check string
}

func (f finding) String() string { return fmt.Sprintf("%s:%d: %s", f.file, f.line, f.check) }

var wantRE = regexp.MustCompile(`// want ([a-z][a-z0-9]*)`)

// sampleWants reads the "// want NAME" markers of the sample module.
func sampleWants(t *testing.T, dir string) map[finding]bool {
	return scanSample(t, dir, wantRE)
}

var nolintRE = regexp.MustCompile(`//nolint:([a-z][a-z0-9]*)`)

// nolintLines returns the lines a //nolint:NAME comment silences.
func nolintLines(t *testing.T, dir string) []finding {
	var out []finding
	for f := range scanSample(t, dir, nolintRE) {
		out = append(out, f)
	}
	return out
}

func scanSample(t *testing.T, dir string, re *regexp.Regexp) map[finding]bool {
	t.Helper()
	out := make(map[finding]bool)
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample files in %s: %v", dir, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for line := 1; sc.Scan(); line++ {
			for _, m := range re.FindAllStringSubmatch(sc.Text(), -1) {
				out[finding{filepath.Base(name), line, m[1]}] = true
			}
		}
	}
	return out
}

// compareFindings checks got against want for the registered checks only:
// markers for checks not (yet) in passes.All() are ignored.
func compareFindings(t *testing.T, registered []string, want, got map[finding]bool) {
	t.Helper()
	var missing, extra []string
	for f := range want {
		if slices.Contains(registered, f.check) && !got[f] {
			missing = append(missing, f.String())
		}
	}
	for f := range got {
		if !want[f] && wantsCheck(want, f.check) {
			extra = append(extra, f.String())
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("findings missing:\n\t%s", strings.Join(missing, "\n\t"))
	}
	if len(extra) > 0 {
		t.Errorf("unexpected findings (a //nolint or //leakvet:ignore not honoured, or a false positive):\n\t%s", strings.Join(extra, "\n\t"))
	}
	if len(want) > 0 && len(got) == 0 {
		t.Errorf("no findings at all")
	}
}

// wantsCheck reports whether the sample has markers for check, that is,
// whether the sample is meant to pin down check's findings exactly.
func wantsCheck(want map[finding]bool, check string) bool {
	for f := range want {
		if f.check == check {
			return true
		}
	}
	return false
}

func maps(m map[finding]bool) map[finding]bool {
	out := make(map[finding]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// copySample copies the sample module into a fresh directory, so that
// --fix and the generated .golangci.yml never touch the checkout.
func copySample(t *testing.T, root string) string {
	t.Helper()
	src := filepath.Join(root, "testdata/golangci/sample")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
