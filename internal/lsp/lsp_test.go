package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"
)

func TestParsePosn(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want posn
		ok   bool
	}{
		{"/a/b.go:3:7", posn{"/a/b.go", 3, 7}, true},
		{"/a/b.go:3", posn{"/a/b.go", 3, 0}, true},
		{"/a:b/c.go:10:2", posn{"/a:b/c.go", 10, 2}, true},
		{"/a/b.go", posn{"/a/b.go", 0, 0}, true},
		{"b.go:1:1", posn{}, false},
		{"", posn{}, false},
	} {
		got, ok := parsePosn(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parsePosn(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	p, msg, ok := splitErrorLine("/x/y.go:4:9: undefined: z")
	if !ok || p != (posn{"/x/y.go", 4, 9}) || msg != "undefined: z" {
		t.Errorf("splitErrorLine: %v %q %v", p, msg, ok)
	}
	if _, _, ok := splitErrorLine("example.com/p: no Go files"); ok {
		t.Errorf("splitErrorLine found a position in a line without one")
	}
}

// TestUTF16: LSP columns count UTF-16 code units; the driver's count bytes.
func TestUTF16(t *testing.T) {
	src := []byte("ab\n\té😀x := 1\nlast")
	l := newLines(src)
	// x is at byte column 1+1+2+4 = 8 of line 2: 1 tab, é (1 unit), 😀 (2 units).
	if got, want := l.position(2, 8), (position{Line: 1, Character: 4}); got != want {
		t.Errorf("position(2, 8) = %v, want %v", got, want)
	}
	if got, want := l.offsetPosition(strings.Index(string(src), "x")), (position{Line: 1, Character: 4}); got != want {
		t.Errorf("offsetPosition = %v, want %v", got, want)
	}
	if got, want := l.position(9, 1), (position{Line: 2, Character: 4}); got != want {
		t.Errorf("position past the end = %v, want %v (clamped)", got, want)
	}
	off, err := l.offset(position{Line: 1, Character: 4})
	if err != nil || off != strings.Index(string(src), "x") {
		t.Errorf("offset = %d, %v", off, err)
	}
	text, err := applyChange(string(src), contentChange{Range: &lspRange{Start: position{1, 4}, End: position{1, 5}}, Text: "yy"})
	if err != nil || text != "ab\n\té😀yy := 1\nlast" {
		t.Errorf("applyChange = %q, %v", text, err)
	}
	if name := fileName(fileURI("/tmp/a b/c.go")); name != "/tmp/a b/c.go" {
		t.Errorf("file URI round trip: %q", name)
	}
	if fileName("untitled:Untitled-1") != "" {
		t.Errorf("an untitled buffer has a file name")
	}
}

func TestConfig(t *testing.T) {
	a := &analysis.Analyzer{Name: "a", Doc: "a", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	b := &analysis.Analyzer{Name: "b", Doc: "b", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	b.Flags.Bool("strict", false, "")
	all := []*analysis.Analyzer{a, b}
	names := func(c *config) []string {
		var out []string
		for _, x := range c.analyzers {
			out = append(out, x.Name)
		}
		return out
	}
	for _, tc := range []struct {
		raw      string
		checks   []string
		tags     string
		flags    map[string]string
		warnings int
	}{
		{`null`, []string{"a", "b"}, "", map[string]string{}, 0},
		{` [ ] `, []string{"a", "b"}, "", map[string]string{}, 0}, // Neovim's init_options = {}
		{`{"checks": {"a": false}}`, []string{"b"}, "", map[string]string{}, 0},
		{`{"leakvet": {"checks": {"a": true}, "buildTags": ["x", "y"]}}`, []string{"a"}, "x,y", map[string]string{}, 0},
		{`{"flags": {"b.strict": true}, "buildTags": "z"}`, []string{"a", "b"}, "z", map[string]string{"b.strict": "true"}, 0},
		{`{"checks": {"nosuch": false}, "flags": {"a.nosuch": 1, "b": 2}}`, []string{"a", "b"}, "", map[string]string{}, 3},
		{`{"severity": "loud"}`, []string{"a", "b"}, "", map[string]string{}, 1},
	} {
		cfg, warnings := parseConfig(json.RawMessage(tc.raw), all)
		if !reflect.DeepEqual(names(cfg), tc.checks) || cfg.tags != tc.tags || !reflect.DeepEqual(cfg.flags, tc.flags) || len(warnings) != tc.warnings {
			t.Errorf("%s: checks %v tags %q flags %v warnings %q", tc.raw, names(cfg), cfg.tags, cfg.flags, warnings)
		}
	}
	// Flags go back to their defaults when a configuration drops them.
	defaults := flagDefaults(all)
	applyFlags(all, defaults, map[string]string{"b.strict": "true"})
	if v := b.Flags.Lookup("strict").Value.String(); v != "true" {
		t.Errorf("b.strict = %s after setting it", v)
	}
	applyFlags(all, defaults, nil)
	if v := b.Flags.Lookup("strict").Value.String(); v != "false" {
		t.Errorf("b.strict = %s after a configuration without it", v)
	}
}

func TestIgnoreFix(t *testing.T) {
	uri := fileURI("/p/f.go")
	edit := func(src string, line int, check string) string {
		l := newLines([]byte(src))
		fix := ignoreFix(check, line, l, uri)
		if fix.title == "" {
			return "(none)"
		}
		e := fix.edit.Changes[uri][0]
		start, _ := l.offset(e.Range.Start)
		end, _ := l.offset(e.Range.End)
		return src[:start] + e.NewText + src[end:]
	}
	src := "func f() {\n\tx()\n}\n"
	if got, want := edit(src, 1, "errwrap"), "func f() {\n\t//leakvet:ignore errwrap TODO: reason\n\tx()\n}\n"; got != want {
		t.Errorf("new directive:\n%s\nwant:\n%s", got, want)
	}
	src = "func f() {\n\t//leakvet:ignore deferloop closed by the caller\n\tx()\n}\n"
	if got, want := edit(src, 2, "errwrap"), "func f() {\n\t//leakvet:ignore deferloop,errwrap closed by the caller\n\tx()\n}\n"; got != want {
		t.Errorf("added to a directive:\n%s\nwant:\n%s", got, want)
	}
	if got := edit(src, 2, "deferloop"); got != "(none)" {
		t.Errorf("already ignored: offered\n%s", got)
	}
}

// slow is a test analyzer: it reports each file's first comment, after a
// pause long enough for edits to arrive meanwhile, and records how many
// analyses of one package run at once.
var (
	slowMu      sync.Mutex
	slowRunning = make(map[string]int)
	slowMax     int
	slowRuns    int
)

var slow = &analysis.Analyzer{
	Name: "slow",
	Doc:  "reports each file's first comment, slowly",
	URL:  "https://example.com/slow",
	Run: func(pass *analysis.Pass) (any, error) {
		slowMu.Lock()
		slowRunning[pass.Pkg.Path()]++
		slowRuns++
		slowMax = max(slowMax, slowRunning[pass.Pkg.Path()])
		slowMu.Unlock()
		defer func() {
			slowMu.Lock()
			slowRunning[pass.Pkg.Path()]--
			slowMu.Unlock()
		}()
		time.Sleep(300 * time.Millisecond)
		for _, f := range pass.Files {
			if len(f.Comments) > 0 {
				c := f.Comments[0].List[0]
				pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Message: "saw " + c.Text,
					Related:        []analysis.RelatedInformation{{Pos: f.Name.Pos(), End: f.Name.End(), Message: "in this package"}},
					SuggestedFixes: []analysis.SuggestedFix{{Message: "drop the comment", TextEdits: []analysis.TextEdit{{Pos: c.Pos(), End: c.End()}}}}})
			}
		}
		ast.Inspect(pass.Files[0], func(ast.Node) bool { return true })
		return nil, nil
	},
}

type testClient struct {
	conn  *jsonrpc2.Conn
	notes chan *jsonrpc2.Request
}

func startServer(t testing.TB, opts Options) (*testClient, <-chan error) {
	t.Helper()
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	served := make(chan error, 1)
	go func() {
		served <- Serve(context.Background(), sr, sw, opts)
		_ = sw.Close() // an io.PipeWriter's Close always returns nil
	}()
	c := &testClient{notes: make(chan *jsonrpc2.Request, 100)}
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(stdio{cr, cw}, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, r *jsonrpc2.Request) (any, error) {
			c.notes <- r
			return nil, nil
		}))
	t.Cleanup(func() {
		_ = c.conn.Close() // fails only if already closed, as after the server's exit
		_ = cw.Close()     // an io.PipeWriter's Close always returns nil
	})
	return c, served
}

// writeFiles writes each file's content, making its directory if need be.
func writeFiles(t *testing.T, files map[string]string) {
	t.Helper()
	for name, content := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// notify sends a notification to the server.
func (c *testClient) notify(t testing.TB, method string, params any) {
	t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		t.Fatalf("notify %s: %v", method, err)
	}
}

func (c *testClient) waitDiagnostics(t *testing.T, uri documentURI, what string, ok func([]diagnostic) bool) []diagnostic {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case r := <-c.notes:
			if r.Method == "window/showMessage" {
				t.Logf("showMessage: %s", *r.Params)
			}
			if r.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p publishDiagnosticsParams
			if err := json.Unmarshal(*r.Params, &p); err != nil {
				t.Fatalf("publishDiagnostics: %v", err)
			}
			if p.URI == uri && ok(p.Diagnostics) {
				return p.Diagnostics
			}
		case <-deadline:
			t.Fatalf("no diagnostics with %s in a minute", what)
		}
	}
}

// TestServer: edits in quick succession cancel the analysis in flight, one
// package is never analyzed twice at once, and what is shown in the end is
// the last buffer's; a dependent package is analyzed after a save; and a
// clean shutdown.
func TestServer(t *testing.T) {
	dir := t.TempDir()
	libFile := filepath.Join(dir, "lib", "lib.go")
	appFile := filepath.Join(dir, "app", "app.go")
	writeFiles(t, map[string]string{
		filepath.Join(dir, "go.mod"): "module example.com/srv\n\ngo 1.22\n",
		libFile:                      "// v0\npackage lib\n\nfunc F() {}\n",
		appFile:                      "// app\npackage app\n\nimport \"example.com/srv/lib\"\n\nfunc G() { lib.F() }\n",
	})

	c, served := startServer(t, Options{Analyzers: []*analysis.Analyzer{slow}, CacheDir: t.TempDir(), Debounce: 50 * time.Millisecond})
	ctx := context.Background()
	var init initializeResult
	if err := c.conn.Call(ctx, "initialize", initializeParams{RootURI: fileURI(dir)}, &init); err != nil {
		t.Fatal(err)
	}
	c.notify(t, "initialized", struct{}{})
	uri := fileURI(libFile)
	c.notify(t, "textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: uri, LanguageID: "go", Version: 0, Text: "// v0\npackage lib\n\nfunc F() {}\n"}})
	d := c.waitDiagnostics(t, uri, "v0", func(ds []diagnostic) bool { return len(ds) == 1 && ds[0].Message == "saw // v0" })[0]
	if d.Code != "slow" || d.Source != "leakvet" || d.CodeDescription == nil || d.CodeDescription.Href != "https://example.com/slow" ||
		d.Range != (lspRange{Start: position{0, 0}, End: position{0, 5}}) {
		t.Errorf("diagnostic %+v", d)
	}
	want := []diagnosticRelatedInformation{{Location: location{URI: uri, Range: lspRange{Start: position{1, 8}, End: position{1, 11}}}, Message: "in this package"}}
	if !reflect.DeepEqual(d.RelatedInformation, want) {
		t.Errorf("related information %+v, want %+v", d.RelatedInformation, want)
	}

	for v := 1; v <= 8; v++ {
		text := fmt.Sprintf("// v%d\npackage lib\n\nfunc F() {}\n", v)
		c.notify(t, "textDocument/didChange", didChangeParams{TextDocument: versionedTextDocumentIdentifier{URI: uri, Version: v},
			ContentChanges: []contentChange{{Text: text}}})
		time.Sleep(120 * time.Millisecond) // past the debounce, within the analysis
	}
	c.waitDiagnostics(t, uri, "v8", func(ds []diagnostic) bool { return len(ds) == 1 && ds[0].Message == "saw // v8" })

	// The dependent package is analyzed after a save of lib.
	writeFiles(t, map[string]string{libFile: "// v8\npackage lib\n\nfunc F() {}\n"})
	c.notify(t, "textDocument/didSave", didSaveParams{TextDocument: textDocumentIdentifier{URI: uri}})
	c.waitDiagnostics(t, fileURI(appFile), "app's finding", func(ds []diagnostic) bool { return len(ds) == 1 && ds[0].Message == "saw // app" })

	var actions []codeAction
	if err := c.conn.Call(ctx, "textDocument/codeAction", codeActionParams{TextDocument: textDocumentIdentifier{URI: uri}, Range: lspRange{End: position{0, 1}}}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) != 2 || actions[0].Title != "drop the comment" || !strings.HasPrefix(actions[1].Title, "Ignore") {
		t.Errorf("code actions: %+v", actions)
	}

	// Empty settings change nothing; switching the check off clears its
	// findings, in open and unopened files alike.
	c.notify(t, "workspace/didChangeConfiguration", didChangeConfigurationParams{Settings: json.RawMessage(`null`)})
	c.notify(t, "workspace/didChangeConfiguration", didChangeConfigurationParams{Settings: json.RawMessage(`{"leakvet": {"checks": {"slow": false}}}`)})
	// (app's notification comes first: they are sent in URI order.)
	c.waitDiagnostics(t, fileURI(appFile), "app cleared", func(ds []diagnostic) bool { return len(ds) == 0 })
	c.waitDiagnostics(t, uri, "lib cleared", func(ds []diagnostic) bool { return len(ds) == 0 })

	if err := c.conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	c.notify(t, "exit", nil)
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after exit")
	}
	slowMu.Lock()
	defer slowMu.Unlock()
	if slowMax > 1 {
		t.Errorf("a package was analyzed %d times at once", slowMax)
	}
	t.Logf("%d analyses for 1 open, 8 edits and a save", slowRuns)
}
