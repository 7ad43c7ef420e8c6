package main

// SARIF 2.1.0 output for GitHub code scanning and other SARIF consumers.
//
// `leakvet -sarif [flags] [patterns]` runs leakvet itself again with -json in
// place of -sarif, so that every other flag keeps its multichecker meaning,
// and turns the JSON tree it prints into one SARIF run: one rule per
// analyzer (summary, documentation, help URI), one result per diagnostic
// with its region, related locations, suggested fixes and a fingerprint that
// survives unrelated edits, and file URIs relative to the module root.

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/passes"
)

// sarifHook handles the -sarif flag: when it is present, it runs the
// analysis, prints SARIF on stdout and exits; otherwise it returns and
// main proceeds as usual.
func sarifHook() {
	args, rest, on := sarifArgs(os.Args[1:])
	if !on {
		// Without -sarif (or with -sarif=false, which the multichecker's
		// flag set does not know), leave the arguments to main.
		os.Args = append(os.Args[:1:1], rest...)
		return
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "leakvet: -sarif: %v\n", err)
		os.Exit(1)
	}
	os.Exit(runSARIF(self, args, passes.All(), os.Stdout, os.Stderr))
}

// sarifArgs reports whether args request SARIF output and, if so, returns
// the arguments for the JSON run that produces it: -sarif and -json
// removed, -json put first. rest is args with any -sarif=false removed,
// for the usual run. A package pattern never starts with "-", so -sarif is
// recognised anywhere before a "--".
func sarifArgs(args []string) (jsonArgs, rest []string, on bool) {
	for i, a := range args {
		if a == "--" {
			jsonArgs = append(jsonArgs, args[i:]...)
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if strings.HasPrefix(a, "-") {
			switch name {
			case "sarif":
				b, err := strconv.ParseBool(value)
				if hasValue && err != nil {
					rest = append(rest, a) // let the flag package report it
					continue
				}
				on = !hasValue || b
				continue
			case "json":
				rest = append(rest, a)
				continue
			}
		}
		jsonArgs = append(jsonArgs, a)
		rest = append(rest, a)
	}
	if !on {
		return nil, rest, false
	}
	return append([]string{"-json"}, jsonArgs...), rest, true
}

// runSARIF runs self (the leakvet binary) with args, which include -json,
// and writes its findings to stdout as SARIF. It returns the exit status:
// that of the JSON run, which is 0 unless an error occurred (diagnostics are
// data here, as with -json).
func runSARIF(self string, args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	var out, errOut bytes.Buffer
	cmd := exec.Command(self, args...)
	cmd.Stdout = &out
	cmd.Stderr = io.MultiWriter(stderr, &errOut)
	cmd.Env = os.Environ()
	err := cmd.Run()
	code := 0
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			fmt.Fprintf(stderr, "leakvet: -sarif: %v\n", err)
			return 1
		}
		code = exit.ExitCode()
	}
	raw := out.Bytes()
	var trees []jsonTree
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		var tree jsonTree
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			// Not analysis output (usage text, say): pass it on unchanged.
			_, _ = stdout.Write(raw) // a failed write to stdout has nowhere to be reported
			return cmp.Or(code, 1)
		}
		trees = append(trees, tree)
	}
	wd, _ := os.Getwd()
	log := buildSARIF(analyzers, trees, moduleRoot(wd), code == 0, os.ReadFile)
	if code != 0 {
		// Load and type errors go to stderr, not into the JSON tree.
		inv := &log.Runs[0].Invocations[0]
		for _, line := range strings.Split(errOut.String(), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
					Level: "error", Message: sarifMessage{Text: line},
				})
			}
		}
	}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "leakvet: -sarif: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(append(data, '\n')); err != nil {
		return 1
	}
	return code
}

// moduleRoot returns the directory of the go.mod governing dir, or dir
// itself when there is none.
func moduleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// The JSON printed by the multichecker under -json
// (golang.org/x/tools/internal/analysis/driverutil.JSONTree): package ID ->
// analyzer name -> a list of diagnostics or {"error": "..."}.
type jsonTree map[string]map[string]json.RawMessage

type jsonDiagnostic struct {
	Category       string `json:"category,omitempty"`
	Posn           string `json:"posn"`
	End            string `json:"end"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename string `json:"filename"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			New      string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes,omitempty"`
	Related []struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	} `json:"related,omitempty"`
}

// SARIF 2.1.0, the subset leakvet writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                      `json:"tool"`
		Invocations        []sarifInvocation              `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLocURI `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult                  `json:"results"`
		ColumnKind         string                         `json:"columnKind"`
	}
	sarifArtifactLocURI struct {
		URI string `json:"uri"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		ShortDescription     sarifMessage       `json:"shortDescription"`
		FullDescription      sarifMessage       `json:"fullDescription"`
		Help                 sarifMessage       `json:"help"`
		HelpURI              string             `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           map[string]any     `json:"properties,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
	}
	sarifLocation struct {
		ID               *int                  `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifMessage         `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine,omitempty"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
		// Byte regions, for fixes: offsets into the file as Go reports them.
		ByteOffset *int `json:"byteOffset,omitempty"`
		ByteLength *int `json:"byteLength,omitempty"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion   `json:"deletedRegion"`
		InsertedContent *sarifContent `json:"insertedContent,omitempty"`
	}
	sarifContent struct {
		Text string `json:"text"`
	}
)

const (
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	// srcRoot is the uriBaseId of paths relative to the module root.
	srcRoot = "%SRCROOT%"
	// fingerprintKey names leakvet's fingerprint scheme; a change in how
	// fingerprints are computed must change its version.
	fingerprintKey = "leakvet/v1"
	homepage       = "https://github.com/leakvet/leakvet"
)

// buildSARIF turns the JSON trees of a leakvet run into a SARIF log. root
// is the module root that URIs are relative to; readFile reads source files
// (for UTF-16 columns and fingerprints) and may fail.
func buildSARIF(analyzers []*analysis.Analyzer, trees []jsonTree, root string, ok bool, readFile func(string) ([]byte, error)) *sarifLog {
	s := &sarifState{root: root, readFile: readFile, files: make(map[string][]byte)}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "leakvet",
			Version:        buildVersion(),
			InformationURI: homepage,
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocURI{srcRoot: {URI: dirURI(root)}},
		Results:            []sarifResult{},
		// Go columns count bytes; leakvet converts them to UTF-16 code
		// units, SARIF's default and what GitHub expects.
		ColumnKind: "utf16CodeUnits",
	}
	ruleIndex := make(map[string]int)
	for i, a := range analyzers {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(a))
		ruleIndex[a.Name] = i
	}

	inv := sarifInvocation{ExecutionSuccessful: ok}
	for _, tree := range trees {
		for _, pkg := range sortedKeys(tree) {
			for _, name := range sortedKeys(tree[pkg]) {
				raw := tree[pkg][name]
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					var e struct {
						Error string `json:"error"`
					}
					if json.Unmarshal(raw, &e) == nil && e.Error != "" {
						inv.ExecutionSuccessful = false
						inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
							Level:   "error",
							Message: sarifMessage{Text: fmt.Sprintf("%s: %s: %s", pkg, name, e.Error)},
						})
					}
					continue
				}
				idx, known := ruleIndex[name]
				if !known {
					continue
				}
				for _, d := range diags {
					run.Results = append(run.Results, s.result(name, idx, d))
				}
			}
		}
	}
	// The same file may be analyzed in several packages (a package and
	// its test variant): keep one result per rule, place and message.
	run.Results = dedupResults(run.Results)
	s.fingerprint(run.Results)
	run.Invocations = []sarifInvocation{inv}
	return &sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
}

// sarifRuleFor describes analyzer a as a SARIF rule.
func sarifRuleFor(a *analysis.Analyzer) sarifRule {
	summary, rest, _ := strings.Cut(a.Doc, "\n")
	full := strings.TrimSpace(rest)
	if p, _, ok := strings.Cut(full, "\n\n"); ok {
		full = p // the first paragraph: what it reports and why
	}
	full = strings.Join(strings.Fields(full), " ")
	return sarifRule{
		ID:                   a.Name,
		ShortDescription:     sarifMessage{Text: summary},
		FullDescription:      sarifMessage{Text: cmp.Or(full, summary)},
		Help:                 sarifMessage{Text: a.Doc, Markdown: docMarkdown(a.Doc)},
		HelpURI:              a.URL,
		DefaultConfiguration: sarifConfiguration{Level: "warning"},
		Properties: map[string]any{
			"tags":             []string{"go", "concurrency", "reliability"},
			"precision":        "high",
			"problem.severity": "warning",
		},
	}
}

// docMarkdown renders an analyzer's Doc (go doc comment text) as Markdown:
// tab-indented code becomes a fenced Go block.
func docMarkdown(doc string) string {
	var b strings.Builder
	inCode, blanks := false, 0
	for _, line := range strings.Split(doc, "\n") {
		if line == "" {
			blanks++ // decided by the next non-blank line
			continue
		}
		code := strings.HasPrefix(line, "\t")
		if inCode && !code {
			b.WriteString("```\n")
			inCode = false
		}
		b.WriteString(strings.Repeat("\n", blanks))
		blanks = 0
		if code && !inCode {
			b.WriteString("```go\n")
			inCode = true
		}
		b.WriteString(strings.TrimPrefix(line, "\t") + "\n")
	}
	if inCode {
		b.WriteString("```\n")
	}
	return strings.TrimSpace(b.String())
}

type sarifState struct {
	root     string
	readFile func(string) ([]byte, error)
	files    map[string][]byte // nil value: unreadable
}

func (s *sarifState) result(name string, idx int, d jsonDiagnostic) sarifResult {
	r := sarifResult{
		RuleID:    name,
		RuleIndex: idx,
		Level:     "warning",
		Message:   sarifMessage{Text: d.Message},
		Locations: []sarifLocation{{PhysicalLocation: s.physical(d.Posn, d.End)}},
	}
	for i, rel := range d.Related {
		id := i + 1
		r.RelatedLocations = append(r.RelatedLocations, sarifLocation{
			ID:               &id,
			PhysicalLocation: s.physical(rel.Posn, rel.End),
			Message:          &sarifMessage{Text: rel.Message},
		})
	}
	for _, fix := range d.SuggestedFixes {
		f := sarifFix{Description: sarifMessage{Text: fix.Message}}
		byFile := make(map[string]int) // file -> index in ArtifactChanges
		for _, e := range fix.Edits {
			i, seen := byFile[e.Filename]
			if !seen {
				i = len(f.ArtifactChanges)
				byFile[e.Filename] = i
				f.ArtifactChanges = append(f.ArtifactChanges, sarifArtifactChange{ArtifactLocation: s.artifact(e.Filename)})
			}
			off, n := e.Start, max(e.End-e.Start, 0)
			rep := sarifReplacement{DeletedRegion: sarifRegion{ByteOffset: &off, ByteLength: &n}}
			if e.New != "" {
				rep.InsertedContent = &sarifContent{Text: e.New}
			}
			f.ArtifactChanges[i].Replacements = append(f.ArtifactChanges[i].Replacements, rep)
		}
		if len(f.ArtifactChanges) > 0 {
			r.Fixes = append(r.Fixes, f)
		}
	}
	return r
}

// physical turns "file:line:col" positions into a SARIF location.
func (s *sarifState) physical(posn, end string) sarifPhysicalLocation {
	file, line, col := splitPosn(posn)
	loc := sarifPhysicalLocation{ArtifactLocation: s.artifact(file)}
	if line <= 0 {
		return loc
	}
	reg := &sarifRegion{StartLine: line, StartColumn: s.utf16Col(file, line, col)}
	if efile, eline, ecol := splitPosn(end); efile == file && (eline > line || eline == line && ecol > col) {
		reg.EndLine = eline
		reg.EndColumn = s.utf16Col(file, eline, ecol)
	}
	loc.Region = reg
	return loc
}

// splitPosn splits a token.Position string: "file:line:col", "file:line",
// "file" or "-".
func splitPosn(posn string) (file string, line, col int) {
	file = posn
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		if n, err := strconv.Atoi(file[i+1:]); err == nil {
			file, line = file[:i], n
			if j := strings.LastIndexByte(file, ':'); j >= 0 {
				if m, err := strconv.Atoi(file[j+1:]); err == nil {
					file, line, col = file[:j], m, n
				}
			}
		}
	}
	if file == "-" {
		file = ""
	}
	return file, line, col
}

// artifact locates file relative to the module root when it is inside it.
func (s *sarifState) artifact(file string) sarifArtifactLocation {
	if rel, ok := s.relative(file); ok {
		return sarifArtifactLocation{URI: relURI(rel), URIBaseID: srcRoot}
	}
	return sarifArtifactLocation{URI: fileURI(file)}
}

func (s *sarifState) relative(file string) (string, bool) {
	if file == "" || !filepath.IsAbs(file) {
		return filepath.ToSlash(file), file != ""
	}
	rel, err := filepath.Rel(s.root, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// source returns the content of file, or nil if it cannot be read.
func (s *sarifState) source(file string) []byte {
	data, seen := s.files[file]
	if !seen {
		data, _ = s.readFile(file)
		s.files[file] = data
	}
	return data
}

// lineText returns line n (1-based) of file, without its newline.
func (s *sarifState) lineText(file string, n int) (string, bool) {
	data := s.source(file)
	for i := 1; data != nil; i++ {
		line, rest, found := bytes.Cut(data, []byte("\n"))
		if i == n {
			return string(bytes.TrimSuffix(line, []byte("\r"))), true
		}
		if !found {
			break
		}
		data = rest
	}
	return "", false
}

// utf16Col converts a 1-based byte column into a 1-based UTF-16 column.
func (s *sarifState) utf16Col(file string, line, col int) int {
	if col <= 0 {
		return 0
	}
	text, ok := s.lineText(file, line)
	if !ok || col-1 > len(text) {
		return col
	}
	n := 1
	for _, r := range text[:col-1] {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// fingerprint gives every result a fingerprint that depends on what is
// flagged, not where the file happens to put it: the rule, the file, the
// flagged source line with its indentation trimmed, each related location's
// file, trimmed source line and message (the other lines the claim
// involves, which the analyzers put there rather than only into the
// message), and the number of earlier results with the same key in that
// file. The message text is left out: it may name line numbers. Adding code
// above a finding keeps its fingerprint; editing a line it involves
// changes it.
func (s *sarifState) fingerprint(results []sarifResult) {
	seen := make(map[string]int)
	for i := range results {
		r := &results[i]
		loc := r.Locations[0].PhysicalLocation
		parts := []string{r.RuleID, loc.ArtifactLocation.URI, s.regionText(loc)}
		for _, rel := range r.RelatedLocations {
			msg := ""
			if rel.Message != nil {
				msg = rel.Message.Text
			}
			parts = append(parts, rel.PhysicalLocation.ArtifactLocation.URI, s.regionText(rel.PhysicalLocation), msg)
		}
		key := strings.Join(parts, "\x00")
		n := seen[key]
		seen[key] = n + 1
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		r.PartialFingerprints = map[string]string{fingerprintKey: hex.EncodeToString(sum[:16])}
	}
}

// regionText returns the trimmed source line where loc starts, or "".
func (s *sarifState) regionText(loc sarifPhysicalLocation) string {
	if loc.Region == nil {
		return ""
	}
	text, _ := s.lineText(s.absolute(loc.ArtifactLocation), loc.Region.StartLine)
	return strings.TrimSpace(text)
}

// absolute is the inverse of artifact, for reading the file back.
func (s *sarifState) absolute(a sarifArtifactLocation) string {
	if a.URIBaseID == srcRoot {
		p, err := url.PathUnescape(a.URI)
		if err != nil {
			p = a.URI
		}
		return filepath.Join(s.root, filepath.FromSlash(p))
	}
	if u, err := url.Parse(a.URI); err == nil && u.Scheme == "file" {
		return filepath.FromSlash(u.Path)
	}
	return a.URI
}

// dedupResults drops results identical in rule, location and message to an
// earlier one, keeping the first, and sorts them by place.
func dedupResults(rs []sarifResult) []sarifResult {
	type key struct {
		rule, uri, msg string
		line, col      int
	}
	keyOf := func(r sarifResult) key {
		loc := r.Locations[0].PhysicalLocation
		k := key{rule: r.RuleID, uri: loc.ArtifactLocation.URI, msg: r.Message.Text}
		if loc.Region != nil {
			k.line, k.col = loc.Region.StartLine, loc.Region.StartColumn
		}
		return k
	}
	slices.SortStableFunc(rs, func(a, b sarifResult) int {
		ka, kb := keyOf(a), keyOf(b)
		return cmp.Or(cmp.Compare(ka.uri, kb.uri), cmp.Compare(ka.line, kb.line), cmp.Compare(ka.col, kb.col),
			cmp.Compare(ka.rule, kb.rule), cmp.Compare(ka.msg, kb.msg))
	})
	return slices.CompactFunc(rs, func(a, b sarifResult) bool { return keyOf(a) == keyOf(b) })
}

func relURI(rel string) string {
	return (&url.URL{Path: rel}).EscapedPath()
}

func fileURI(file string) string {
	p := filepath.ToSlash(file)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x -> /C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func dirURI(dir string) string {
	u := fileURI(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// buildVersion is the module version without its "v", which SARIF
// consumers compare numerically; a development build is 0.0.0-devel.
func buildVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && strings.HasPrefix(info.Main.Version, "v") {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return "0.0.0-devel"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
