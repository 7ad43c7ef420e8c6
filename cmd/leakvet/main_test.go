package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes"
)

// leakvet is the binary under test, built once by TestMain.
var leakvetBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "leakvet-e2e")
	if err != nil {
		panic(err)
	}
	leakvetBin = filepath.Join(dir, "leakvet")
	// Every run in these tests gets the same fresh cache, never the user's.
	if err := os.Setenv("LEAKVET_CACHE", filepath.Join(dir, "cache")); err != nil {
		panic(err)
	}
	build := exec.Command("go", "build", "-o", leakvetBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		_ = os.RemoveAll(dir) // best effort: the build failure is what matters
		panic("cannot build leakvet: " + err.Error())
	}
	code := m.Run()
	_ = os.RemoveAll(dir) // best effort: a temporary directory
	os.Exit(code)
}

// sample copies testdata/sample to a fresh directory, so that tests that
// apply fixes never touch the repository, and returns its path.
func sample(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "..", "testdata", "sample")
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	return runEnv(t, dir, nil, name, args...)
}

// runEnv is run with extra environment variables.
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	r := result{stdout.String(), stderr.String(), code}
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stdout, "panic:") {
		t.Fatalf("%s %s panicked:\n%s", name, strings.Join(args, " "), r.stderr)
	}
	return r
}

const leakyFinding = "leaky/leaky.go:14:3: defer f.Close() in the loop at line 9"

// TestStandalone runs `leakvet PATTERNS`: findings on stdout, exit codes.
func TestStandalone(t *testing.T) {
	dir := sample(t)
	leakvet := func(t *testing.T, args ...string) result {
		return run(t, dir, leakvetBin, args...)
	}
	t.Run("findings exit 3", func(t *testing.T) {
		r := leakvet(t, "./leaky")
		if r.code != 3 || !strings.HasPrefix(r.stdout, leakyFinding) || r.stderr != "" {
			t.Errorf("got exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 3 and %q on stdout", r.code, r.stdout, r.stderr, leakyFinding)
		}
	})
	t.Run("clean exit 0", func(t *testing.T) {
		r := leakvet(t, "./quiet", "./suppressed")
		if r.code != 0 || r.stderr != "" || r.stdout != "" {
			t.Errorf("got exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 0 and no output", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("check switched off", func(t *testing.T) {
		r := leakvet(t, "-deferloop=false", "./leaky")
		if r.code != 0 {
			t.Errorf("-deferloop=false: got exit %d, stdout:\n%s", r.code, r.stdout)
		}
		r = leakvet(t, "-errwrap", "./leaky")
		if r.code != 0 {
			t.Errorf("-errwrap (only): got exit %d, stdout:\n%s", r.code, r.stdout)
		}
	})
	t.Run("json exit 0", func(t *testing.T) {
		r := leakvet(t, "-json", "./leaky")
		if r.code != 0 {
			t.Fatalf("-json: got exit %d, stderr:\n%s", r.code, r.stderr)
		}
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
			t.Fatalf("-json output is not JSON: %v\n%s", err, r.stdout)
		}
		if _, ok := tree["example.com/sample/leaky"]["deferloop"]; !ok {
			t.Errorf("-json output lacks the deferloop finding:\n%s", r.stdout)
		}
	})
	t.Run("pattern matching nothing", func(t *testing.T) {
		for _, pattern := range []string{"./nosuchdir/...", "./leaky/nothing/...", "example.com/sample/nosuch"} {
			r := leakvet(t, pattern)
			if r.code != 1 || !strings.Contains(r.stderr, pattern) {
				t.Errorf("%s: got exit %d, stderr:\n%s\nwant exit 1 and an error naming the pattern", pattern, r.code, r.stderr)
			}
		}
	})
	t.Run("type error", func(t *testing.T) {
		r := leakvet(t, "./broken")
		if r.code != 1 || !strings.Contains(r.stderr, "broken.go:5:9") {
			t.Errorf("got exit %d, stderr:\n%s\nwant exit 1 and the type error's position", r.code, r.stderr)
		}
		// The error alone: not one follow-on line per analyzer.
		for _, cascade := range []string{"failed prerequisites", "analysis skipped"} {
			if strings.Contains(r.stderr, cascade) {
				t.Errorf("stderr repeats the error as %q lines:\n%s", cascade, r.stderr)
			}
		}
	})
	t.Run("go 1.27 code", func(t *testing.T) {
		// generic/methods.go has generic methods and is built by Go 1.27
		// and later only: one finding in a generic method, the rest silent.
		r := leakvet(t, "./generic")
		want := "generic/methods.go:20:3: defer f.Close() in the loop at line 15 runs only when Each returns"
		if goCommandAtLeast(t, dir, "go1.27") {
			if r.code != 3 || !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != 1 || r.stderr != "" {
				t.Errorf("got exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 3 and only %q", r.code, r.stdout, r.stderr, want)
			}
		} else if r.code != 0 || r.stderr != "" {
			t.Errorf("before Go 1.27: got exit %d, stderr:\n%s\nwant exit 0", r.code, r.stderr)
		}
	})
}

// goCommandAtLeast reports whether the go command run in dir is release v
// or later.
func goCommandAtLeast(t *testing.T, dir, v string) bool {
	t.Helper()
	cmd := exec.Command("go", "env", "GOVERSION")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return version.Compare(version.Lang(strings.TrimSpace(string(out))), v) >= 0
}

// TestCache: a run replayed from leakvet's cache prints exactly what the
// first run printed, and -test=false leaves the test files out.
func TestCache(t *testing.T) {
	dir := sample(t)
	env := []string{"LEAKVET_CACHE=" + t.TempDir()}
	first := runEnv(t, dir, env, leakvetBin, "./leaky", "./quiet", "./suppressed")
	second := runEnv(t, dir, env, leakvetBin, "./leaky", "./quiet", "./suppressed")
	if first != second || first.code != 3 || !strings.Contains(first.stdout, leakyFinding) {
		t.Errorf("first run: exit %d\n%s\nreplayed: exit %d\n%s\nwant both exit 3 with the finding", first.code, first.stdout, second.code, second.stdout)
	}
	noCache := runEnv(t, dir, []string{"LEAKVET_CACHE=off"}, leakvetBin, "./leaky", "./quiet", "./suppressed")
	if noCache != first {
		t.Errorf("without a cache: exit %d\n%s\nwant the same as with one", noCache.code, noCache.stdout)
	}
	withTests := runEnv(t, dir, env, leakvetBin, "-json", "./tested")
	noTests := runEnv(t, dir, env, leakvetBin, "-json", "-test=false", "./tested")
	if !strings.Contains(withTests.stdout, "tested_test.go") || strings.Contains(noTests.stdout, "tested_test.go") || !strings.Contains(noTests.stdout, "tested.go") {
		t.Errorf("-json ./tested:\n%s\n-json -test=false ./tested:\n%s\nwant the test file's finding only in the first", withTests.stdout, noTests.stdout)
	}
}

func TestVetTool(t *testing.T) {
	dir := sample(t)
	vettool := "-vettool=" + leakvetBin
	t.Run("findings", func(t *testing.T) {
		r := run(t, dir, "go", "vet", vettool, "./leaky")
		if r.code == 0 || !strings.Contains(r.stderr, "leaky.go:14:3: defer f.Close() in the loop at line 9") {
			t.Errorf("got exit %d, stderr:\n%s\nwant a non-zero exit and the finding", r.code, r.stderr)
		}
	})
	t.Run("suppressed and clean", func(t *testing.T) {
		r := run(t, dir, "go", "vet", vettool, "./quiet", "./suppressed")
		if r.code != 0 {
			t.Errorf("got exit %d, stderr:\n%s\nwant exit 0", r.code, r.stderr)
		}
	})
	t.Run("flags pass through", func(t *testing.T) {
		r := run(t, dir, "go", "vet", vettool, "-deferloop=false", "./leaky")
		if r.code != 0 {
			t.Errorf("-deferloop=false: got exit %d, stderr:\n%s", r.code, r.stderr)
		}
	})
	t.Run("go fix -diff", func(t *testing.T) {
		// README's exit codes: 1 with a diff, 0 with nothing to fix.
		r := run(t, dir, "go", "fix", "-fixtool="+leakvetBin, "-diff", "./fixable")
		if r.code != 1 || !strings.Contains(r.stdout, "+\t\treturn nil, fmt.Errorf(\"load %s: %w\", path, err)") {
			t.Errorf("go fix -diff ./fixable: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 1 and the diff", r.code, r.stdout, r.stderr)
		}
		r = run(t, dir, "go", "fix", "-fixtool="+leakvetBin, "-diff", "./leaky")
		if r.code != 0 || r.stdout != "" {
			t.Errorf("go fix -diff ./leaky (no fix): exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 0", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("type error", func(t *testing.T) {
		r := run(t, dir, "go", "vet", vettool, "./broken")
		if r.code == 0 || !strings.Contains(r.stderr, "broken.go:5:9") {
			t.Errorf("got exit %d, stderr:\n%s\nwant a non-zero exit and the type error", r.code, r.stderr)
		}
	})
}

// TestExamples pins README's promise: the bundled examples show one real
// finding of every check.
func TestExamples(t *testing.T) {
	r := run(t, filepath.Join("..", ".."), leakvetBin, "-json", "./testdata/examples/...")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	var tree map[string]map[string][]struct{ Posn, Message string }
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("-json output is not JSON: %v", err)
	}
	for _, a := range passes.All() {
		if a.Name == "cfree" && !cgoAvailable() {
			continue // its example is a cgo file, empty without a C compiler
		}
		pkg := "github.com/leakvet/leakvet/testdata/examples/" + a.Name
		var n int
		for name, diags := range tree[pkg] {
			if name == a.Name {
				n += len(diags)
			} else if len(diags) > 0 {
				t.Errorf("%s: unexpected %s finding: %v", pkg, name, diags)
			}
		}
		if n != 1 {
			t.Errorf("%s: %d %s findings, want 1", pkg, n, a.Name)
		}
	}
}

// cgoAvailable reports whether the go command can build cgo packages here:
// cgo is enabled and its C compiler is on PATH.
func cgoAvailable() bool {
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		return false
	}
	f := strings.Fields(string(out))
	if len(f) < 2 || f[0] != "1" {
		return false
	}
	_, err = exec.LookPath(f[1])
	return err == nil
}
