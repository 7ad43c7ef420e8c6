package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes"
)

func TestSARIFArgs(t *testing.T) {
	for _, tc := range []struct {
		args           []string
		wantJSON, rest []string
		on             bool
	}{
		{[]string{"./..."}, nil, []string{"./..."}, false},
		{[]string{"-sarif", "./..."}, []string{"-json", "./..."}, []string{"./..."}, true},
		{[]string{"--sarif", "-c", "2", "./a", "./b"}, []string{"-json", "-c", "2", "./a", "./b"}, []string{"-c", "2", "./a", "./b"}, true},
		{[]string{"-c", "2", "-sarif=true", "-json", "./..."}, []string{"-json", "-c", "2", "./..."}, []string{"-c", "2", "-json", "./..."}, true},
		{[]string{"-sarif=false", "./..."}, nil, []string{"./..."}, false},
		{[]string{"-sarif=maybe", "./..."}, nil, []string{"-sarif=maybe", "./..."}, false},
		{[]string{"-deferloop=false", "-sarif"}, []string{"-json", "-deferloop=false"}, []string{"-deferloop=false"}, true},
		{[]string{"--", "-sarif"}, nil, []string{"--", "-sarif"}, false},
	} {
		gotJSON, rest, on := sarifArgs(tc.args)
		if on != tc.on || !reflect.DeepEqual(gotJSON, tc.wantJSON) || !reflect.DeepEqual(rest, tc.rest) {
			t.Errorf("sarifArgs(%q) = %q, %q, %v; want %q, %q, %v", tc.args, gotJSON, rest, on, tc.wantJSON, tc.rest, tc.on)
		}
	}
}

func TestSplitPosn(t *testing.T) {
	for _, tc := range []struct {
		posn      string
		file      string
		line, col int
	}{
		{"/a/b.go:12:3", "/a/b.go", 12, 3},
		{"/a/b.go:12", "/a/b.go", 12, 0},
		{"/a/b.go", "/a/b.go", 0, 0},
		{"C:/x/b.go:4:5", "C:/x/b.go", 4, 5},
		{"-", "", 0, 0},
	} {
		file, line, col := splitPosn(tc.posn)
		if file != tc.file || line != tc.line || col != tc.col {
			t.Errorf("splitPosn(%q) = %q, %d, %d", tc.posn, file, line, col)
		}
	}
}

// sampleSource has a non-ASCII string before the flagged column, so that
// byte and UTF-16 columns differ.
const sampleSource = `package p

func f() {
	s := "héllo, 🌍"; ch <- s
}
`

// testTree is the -json output of a run with one diagnostic carrying a
// range, a related location and a fix, reported in a package and again in
// its test variant.
func testTree(root string, lineShift int) jsonTree {
	file := filepath.Join(root, "p", "p.go")
	line := 4 + lineShift
	diag := fmt.Sprintf(`[{
		"category": "fake",
		"posn": %[1]q, "end": %[2]q,
		"message": "send on ch blocks forever once f returns at line %[3]d; give ch a buffer of 1",
		"related": [{"posn": %[4]q, "end": %[4]q, "message": "f returns here"}],
		"suggested_fixes": [{"message": "give ch a buffer", "edits": [{"filename": %[5]q, "start": 40, "end": 42, "new": "ch2"}]}]
	}]`, fmt.Sprintf("%s:%d:23", file, line), fmt.Sprintf("%s:%d:30", file, line), line+1,
		fmt.Sprintf("%s:%d:1", file, line+1), file)
	return jsonTree{
		"example.com/p":                      {"fake": json.RawMessage(diag)},
		"example.com/p [example.com/p.test]": {"fake": json.RawMessage(diag)},
		"example.com/q":                      {"fake": json.RawMessage(`{"error": "it broke"}`)},
	}
}

var fakeAnalyzer = &analysis.Analyzer{
	Name: "fake",
	Doc:  "sends block forever\n\nA send nobody receives blocks its goroutine forever.\n\nWRONG:\n\n\tch <- v\n\nRIGHT:\n\n\tselect {\n\tcase ch <- v:\n\tcase <-ctx.Done():\n\t}",
	URL:  "https://example.com/fake",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func readSample(shift int) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if strings.HasSuffix(name, filepath.Join("p", "p.go")) {
			return []byte(strings.Replace(sampleSource, "\n\nfunc", strings.Repeat("\n", 2+shift)+"func", 1)), nil
		}
		return nil, os.ErrNotExist
	}
}

func TestBuildSARIF(t *testing.T) {
	root := filepath.FromSlash("/work/mod")
	log := buildSARIF([]*analysis.Analyzer{fakeAnalyzer}, []jsonTree{testTree(root, 0)}, root, true, readSample(0))
	run := log.Runs[0]

	rule := run.Tool.Driver.Rules[0]
	if rule.ID != "fake" || rule.ShortDescription.Text != "sends block forever" ||
		rule.FullDescription.Text != "A send nobody receives blocks its goroutine forever." ||
		rule.HelpURI != "https://example.com/fake" || !strings.Contains(rule.Help.Markdown, "```go\nch <- v\n```") {
		t.Errorf("rule = %+v", rule)
	}

	if len(run.Results) != 1 {
		t.Fatalf("got %d results, want 1 (the test variant's copy dropped)", len(run.Results))
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "p/p.go" || loc.ArtifactLocation.URIBaseID != srcRoot {
		t.Errorf("artifact = %+v, want p/p.go relative to %s", loc.ArtifactLocation, srcRoot)
	}
	// Byte column 23 follows "é" (2 bytes, 1 unit) and "🌍" (4 bytes, 2 units).
	if want := (sarifRegion{StartLine: 4, StartColumn: 20, EndLine: 4, EndColumn: 27}); *loc.Region != want {
		t.Errorf("region = %+v, want %+v", *loc.Region, want)
	}
	if len(r.RelatedLocations) != 1 || *r.RelatedLocations[0].ID != 1 || r.RelatedLocations[0].Message.Text != "f returns here" ||
		r.RelatedLocations[0].PhysicalLocation.Region.StartLine != 5 {
		t.Errorf("related = %+v", r.RelatedLocations)
	}
	if len(r.Fixes) != 1 {
		t.Fatalf("fixes = %+v", r.Fixes)
	}
	rep := r.Fixes[0].ArtifactChanges[0].Replacements[0]
	if *rep.DeletedRegion.ByteOffset != 40 || *rep.DeletedRegion.ByteLength != 2 || rep.InsertedContent.Text != "ch2" {
		t.Errorf("replacement = %+v", rep)
	}
	if run.Invocations[0].ExecutionSuccessful || len(run.Invocations[0].ToolExecutionNotifications) != 1 {
		t.Errorf("invocation = %+v, want a failure with the analysis error", run.Invocations[0])
	}

	// The fingerprint survives lines added above the finding, which also
	// renumber the line the message mentions; it differs for another rule.
	shifted := buildSARIF([]*analysis.Analyzer{fakeAnalyzer}, []jsonTree{testTree(root, 3)}, root, true, readSample(3))
	fp := r.PartialFingerprints[fingerprintKey]
	if got := shifted.Runs[0].Results[0].PartialFingerprints[fingerprintKey]; got != fp || fp == "" {
		t.Errorf("fingerprint %q after moving the code, was %q", got, fp)
	}
	other := *fakeAnalyzer
	other.Name = "other"
	tree := jsonTree{"example.com/p": {"other": testTree(root, 0)["example.com/p"]["fake"]}}
	if got := buildSARIF([]*analysis.Analyzer{&other}, []jsonTree{tree}, root, true, readSample(0)).Runs[0].Results[0].PartialFingerprints[fingerprintKey]; got == fp {
		t.Errorf("two rules share fingerprint %q", fp)
	}

	validateSARIF(t, log)
}

// A file outside the module root keeps an absolute file URI.
func TestSARIFOutsideRoot(t *testing.T) {
	s := &sarifState{root: filepath.FromSlash("/work/mod"), readFile: readSample(0), files: map[string][]byte{}}
	got := s.artifact(filepath.FromSlash("/usr/lib/go/src/fmt/print.go"))
	if got.URIBaseID != "" || !strings.HasPrefix(got.URI, "file:///") || !strings.HasSuffix(got.URI, "/fmt/print.go") {
		t.Errorf("artifact = %+v", got)
	}
	if got := s.artifact(filepath.FromSlash("/work/mod/a b/c.go")); got.URI != "a%20b/c.go" {
		t.Errorf("artifact with a space = %+v", got)
	}
}

// validateSARIF checks log with the SARIF Multitool when it is installed
// (npm install -g @microsoft/sarif-multitool), and structurally otherwise.
func validateSARIF(t *testing.T, log *sarifLog) {
	t.Helper()
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	validateSARIFBytes(t, data)
}

func validateSARIFBytes(t *testing.T, data []byte) {
	t.Helper()
	structuralSARIFCheck(t, data)
	tool, err := exec.LookPath("sarif-multitool")
	if err != nil {
		t.Logf("sarif-multitool not installed: structural check only")
		return
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.sarif"), filepath.Join(dir, "out.sarif")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "validate", in, "--output", out, "--log", "ForceOverwrite")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sarif-multitool validate: %v\n%s", err, msg)
	}
	report, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var verdict struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					ID        string   `json:"id"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(report, &verdict); err != nil {
		t.Fatalf("sarif-multitool report: %v", err)
	}
	// The default levels are error and warning: any result is a failure.
	for _, run := range verdict.Runs {
		for _, r := range run.Results {
			t.Errorf("sarif-multitool: %s %s %v", r.Level, r.RuleID, r.Message.Arguments)
		}
	}
	t.Logf("sarif-multitool validate: no errors or warnings")
}

// structuralSARIFCheck checks what SARIF 2.1.0 requires and consumers rely
// on, for machines without the Multitool.
func structuralSARIFCheck(t *testing.T, data []byte) {
	t.Helper()
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						FullDescription struct {
							Text string `json:"text"`
						} `json:"fullDescription"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "leakvet" {
		t.Fatalf("SARIF header: version %q, schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	ids := make(map[string]bool)
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "" || ids[r.ID] || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.HelpURI == "" {
			t.Errorf("rule %+v: empty or duplicate field", r)
		}
		ids[r.ID] = true
	}
	fps := make(map[string]bool)
	for _, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %q: ruleIndex %d does not name it", r.RuleID, r.RuleIndex)
		}
		if r.Message.Text == "" || len(r.Locations) != 1 {
			t.Errorf("result %q: no message or not one location", r.RuleID)
			continue
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI == "" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") ||
			loc.Region == nil || loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
			t.Errorf("result %q: location %+v", r.RuleID, loc)
		}
		fp := r.PartialFingerprints[fingerprintKey]
		if fp == "" || fps[fp] {
			t.Errorf("result %q: fingerprint %q missing or not unique", r.RuleID, fp)
		}
		fps[fp] = true
	}
}

// TestSARIFEndToEnd runs the real binary with -sarif on the sample module
// and validates what it prints.
func TestSARIFEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds leakvet")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "leakvet")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	sample, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sample"))
	if err != nil {
		t.Fatal(err)
	}

	sarifRun := func(args ...string) ([]byte, string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = filepath.Join(sample, "leaky") // paths are relative to the module root, not here
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return []byte(stdout.String()), stderr.String(), code
	}

	out, stderr, code := sarifRun("-sarif", "-c=1", "example.com/sample/leaky", "example.com/sample/quiet", "example.com/sample/suppressed")
	if code != 0 {
		t.Fatalf("leakvet -sarif: exit %d\n%s", code, stderr)
	}
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatalf("leakvet -sarif printed no SARIF: %v\n%s", err, out)
	}
	res := log.Runs[0].Results
	if len(res) != 1 || res[0].RuleID != "deferloop" ||
		res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "leaky/leaky.go" ||
		res[0].Locations[0].PhysicalLocation.Region.StartLine != 14 {
		t.Errorf("results = %+v, want the deferloop finding at leaky/leaky.go:14", res)
	}
	if !log.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Errorf("invocation not successful: %+v", log.Runs[0].Invocations)
	}
	if got, want := len(log.Runs[0].Tool.Driver.Rules), len(passes.All()); got != want {
		t.Errorf("%d rules, want one per analyzer (%d)", got, want)
	}
	validateSARIFBytes(t, out)

	// The golangci-lint sample has findings with suggested fixes.
	cmd := exec.Command(bin, "-sarif", "./...")
	cmd.Dir = filepath.Join(sample, "..", "golangci", "sample")
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("leakvet -sarif on testdata/golangci/sample: %v", err)
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	fixes := 0
	for _, r := range log.Runs[0].Results {
		for _, f := range r.Fixes {
			for _, c := range f.ArtifactChanges {
				if c.ArtifactLocation.URIBaseID != srcRoot || len(c.Replacements) == 0 {
					t.Errorf("%s: fix %+v", r.RuleID, f)
				}
			}
			fixes++
		}
	}
	if fixes == 0 {
		t.Errorf("no result with a fix in:\n%s", out)
	}
	validateSARIFBytes(t, out)

	// A package that does not type-check: SARIF still, saying what failed.
	out, _, code = sarifRun("-sarif", "example.com/sample/broken")
	if code != 1 {
		t.Errorf("type error: exit %d, want 1", code)
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatalf("no SARIF for a failed run: %v\n%s", err, out)
	}
	inv := log.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || !strings.Contains(fmt.Sprint(inv.ToolExecutionNotifications), "broken.go:5:9") {
		t.Errorf("invocation %+v does not report the type error", inv)
	}
	validateSARIFBytes(t, out)
}

// runSARIF passes on output that is not analysis JSON, and keeps the exit
// status of the run it wraps.
func TestRunSARIFPassThrough(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	var stdout, stderr strings.Builder
	code := runSARIF(sh, []string{"-c", "echo 'usage: leakvet [-flag] [package]'; exit 2"}, nil, &stdout, &stderr)
	if code != 2 || stdout.String() != "usage: leakvet [-flag] [package]\n" {
		t.Errorf("non-JSON output: exit %d, stdout %q", code, stdout.String())
	}

	stdout.Reset()
	code = runSARIF(sh, []string{"-c", `echo '{"example.com/p": {}}'; echo '{}'`}, []*analysis.Analyzer{fakeAnalyzer}, &stdout, &stderr)
	var log sarifLog
	if err := json.Unmarshal([]byte(stdout.String()), &log); code != 0 || err != nil || len(log.Runs[0].Results) != 0 {
		t.Errorf("empty trees: exit %d, %v, output %s", code, err, stdout.String())
	}
}
