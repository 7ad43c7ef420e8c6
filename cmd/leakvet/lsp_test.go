package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lspModule writes a module with one package whose one file has an
// errwrap finding with a suggested fix, and returns the file's name.
func lspModule(t *testing.T) (dir, file string) {
	t.Helper()
	dir = t.TempDir()
	write := func(name, content string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/lspe2e\n\ngo 1.22\n")
	write("store/store.go", lspBuggy)
	return dir, filepath.Join(dir, "store", "store.go")
}

const lspBuggy = `// Package store opens files.
package store

import (
	"fmt"
	"os"
)

// Open opens name.
func Open(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %v", name, err)
	}
	return f, nil
}
`

// lspClient speaks LSP to a `leakvet lsp` process. Its framing is
// written here, not taken from the server's library, so that the test
// checks the wire format too.
type lspClient struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	mu     sync.Mutex
	nextID int
	calls  map[int]chan lspMessage
	notes  chan lspMessage
	stderr strings.Builder
	exited chan error
}

type lspMessage struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  json.RawMessage  `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func startLSP(t *testing.T, dir string) *lspClient {
	t.Helper()
	c := &lspClient{t: t, calls: make(map[int]chan lspMessage), notes: make(chan lspMessage, 100), exited: make(chan error, 1)}
	c.cmd = exec.Command(leakvetBin, "lsp")
	c.cmd.Dir = dir
	c.cmd.Stderr = &lockedWriter{b: &c.stderr, mu: &c.mu}
	var err error
	if c.in, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.read(bufio.NewReader(out))
	t.Cleanup(func() {
		_ = c.cmd.Process.Kill() // fails only if the server has already exited
		if t.Failed() {
			c.mu.Lock()
			t.Logf("server stderr:\n%s", c.stderr.String())
			c.mu.Unlock()
		}
	})
	return c
}

type lockedWriter struct {
	b  *strings.Builder
	mu *sync.Mutex
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (c *lspClient) read(r *bufio.Reader) {
	defer func() { c.exited <- c.cmd.Wait() }()
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		if length < 0 {
			c.t.Errorf("a message without Content-Length")
			return
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m lspMessage
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("bad message %q: %v", body, err)
			return
		}
		if m.JSONRPC != "2.0" {
			c.t.Errorf("message without jsonrpc 2.0: %s", body)
		}
		if m.Method == "" && m.ID != nil {
			id, _ := strconv.Atoi(string(*m.ID))
			c.mu.Lock()
			ch := c.calls[id]
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
			continue
		}
		c.notes <- m
	}
}

func (c *lspClient) send(m map[string]any) {
	m["jsonrpc"] = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		c.t.Fatal(err)
	}
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

func (c *lspClient) notify(method string, params any) {
	c.send(map[string]any{"method": method, "params": params})
}

// call sends a request and waits for its response, decoding the result
// into result.
func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan lspMessage, 1)
	c.calls[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"id": id, "method": method, "params": params})
	select {
	case m := <-ch:
		if m.Error != nil {
			c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: result %s: %v", method, m.Result, err)
			}
		}
	case <-time.After(30 * time.Second):
		c.t.Fatalf("%s: no response in 30s", method)
	}
}

type lspDiag struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	CodeDescription *struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	Source  string `json:"source"`
	Message string `json:"message"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// diagnostics waits for the next publishDiagnostics for uri that
// satisfies ok, failing the test after timeout. Other notifications are
// dropped (after a check that none is an error message).
func (c *lspClient) diagnostics(uri string, timeout time.Duration, what string, ok func([]lspDiag) bool) []lspDiag {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-c.notes:
			switch m.Method {
			case "textDocument/publishDiagnostics":
				var p struct {
					URI         string     `json:"uri"`
					Diagnostics *[]lspDiag `json:"diagnostics"`
				}
				if err := json.Unmarshal(m.Params, &p); err != nil {
					c.t.Fatal(err)
				}
				if p.Diagnostics == nil {
					c.t.Fatalf("publishDiagnostics for %s without a diagnostics list: %s", p.URI, m.Params)
				}
				if p.URI == uri && ok(*p.Diagnostics) {
					return *p.Diagnostics
				}
			case "window/showMessage", "window/logMessage":
				c.t.Logf("%s: %s", m.Method, m.Params)
			}
		case err := <-c.exited:
			c.t.Fatalf("waiting for %s: the server exited: %v", what, err)
		case <-deadline:
			c.t.Fatalf("no diagnostics with %s for %s in %v", what, uri, timeout)
		}
	}
}

func fileURIOf(name string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(name)}).String()
}

type lspEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

// applyEdits applies LSP text edits to ASCII text (where UTF-16 code
// units are bytes).
func applyEdits(t *testing.T, text string, edits []lspEdit) string {
	t.Helper()
	lineStarts := []int{0}
	for i, ch := range text {
		if ch == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	offset := func(p lspPos) int { return lineStarts[p.Line] + p.Character }
	sort.Slice(edits, func(i, j int) bool { return offset(edits[i].Range.Start) > offset(edits[j].Range.Start) })
	for _, e := range edits {
		text = text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
	}
	return text
}

// TestLSP drives `leakvet lsp` as an editor would: open a file with a
// finding, receive it, apply its quick fix, save, and see it cleared; an
// unsaved edit that brings the bug back is analyzed from the buffer; a
// buffer that does not type-check gets one diagnostic saying so; then a
// clean shutdown.
func TestLSP(t *testing.T) {
	dir, file := lspModule(t)
	uri := fileURIOf(file)
	c := startLSP(t, dir)

	var init struct {
		Capabilities struct {
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Change    int  `json:"change"`
			} `json:"textDocumentSync"`
			CodeActionProvider json.RawMessage `json:"codeActionProvider"`
		} `json:"capabilities"`
		ServerInfo struct{ Name string } `json:"serverInfo"`
	}
	c.call("initialize", map[string]any{
		"processId":             os.Getpid(),
		"rootUri":               fileURIOf(dir),
		"workspaceFolders":      []map[string]string{{"uri": fileURIOf(dir), "name": "lspe2e"}},
		"capabilities":          map[string]any{},
		"initializationOptions": map[string]any{"checks": map[string]bool{"deferloop": false}},
	}, &init)
	if !init.Capabilities.TextDocumentSync.OpenClose || init.Capabilities.TextDocumentSync.Change != 1 ||
		len(init.Capabilities.CodeActionProvider) == 0 || init.ServerInfo.Name != "leakvet" {
		t.Fatalf("initialize result: %+v", init)
	}
	c.notify("initialized", map[string]any{})

	text := lspBuggy
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": text}})
	hasErrwrap := func(ds []lspDiag) bool { return len(ds) == 1 && ds[0].Code == "errwrap" }
	diags := c.diagnostics(uri, 2*time.Minute, "the errwrap finding", hasErrwrap)
	d := diags[0]
	if d.Source != "leakvet" || d.Severity != 2 || d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "/passes/errwrap") ||
		d.Range.Start.Line != 12 || !strings.Contains(d.Message, "%w") {
		t.Errorf("diagnostic: %+v", d)
	}

	var actions []struct {
		Title       string    `json:"title"`
		Kind        string    `json:"kind"`
		Diagnostics []lspDiag `json:"diagnostics"`
		Edit        struct {
			Changes map[string][]lspEdit `json:"changes"`
		} `json:"edit"`
	}
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]string{"uri": uri},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": diags},
	}, &actions)
	var fixed, ignored string
	for _, a := range actions {
		if a.Kind != "quickfix" || len(a.Diagnostics) != 1 || len(a.Edit.Changes) != 1 || a.Edit.Changes[uri] == nil {
			t.Errorf("code action %+v", a)
			continue
		}
		if strings.HasPrefix(a.Title, "Ignore") {
			ignored = applyEdits(t, text, a.Edit.Changes[uri])
		} else {
			fixed = applyEdits(t, text, a.Edit.Changes[uri])
		}
	}
	if want := "\t\t//leakvet:ignore errwrap "; !strings.Contains(ignored, want+"TODO: reason\n\t\treturn nil, fmt.Errorf") {
		t.Errorf("the ignore action gives:\n%s\nwant a line starting %q above the finding", ignored, want)
	}
	if !strings.Contains(fixed, `fmt.Errorf("opening %s: %w", name, err)`) {
		t.Fatalf("the quick fix gives:\n%s", fixed)
	}

	// Apply the fix, save: the finding goes.
	text = fixed
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]string{{"text": text}},
	})
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]string{"uri": uri}})
	c.diagnostics(uri, time.Minute, "no findings", func(ds []lspDiag) bool { return len(ds) == 0 })

	// An unsaved edit: the buffer, not the disk, is analyzed.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 3},
		"contentChanges": []map[string]string{{"text": lspBuggy}},
	})
	c.diagnostics(uri, time.Minute, "the errwrap finding in the unsaved buffer", hasErrwrap)

	// A buffer that does not type-check: one diagnostic, and the server
	// goes on.
	broken := strings.Replace(text, "return f, nil", "return f, undefinedName", 1)
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 4},
		"contentChanges": []map[string]string{{"text": broken}},
	})
	ds := c.diagnostics(uri, time.Minute, "the type error", func(ds []lspDiag) bool { return len(ds) == 1 && ds[0].Code == "" })
	if !strings.Contains(ds[0].Message, "undefinedName") || ds[0].Range.Start.Line != 14 {
		t.Errorf("type error diagnostic: %+v", ds[0])
	}
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 5},
		"contentChanges": []map[string]string{{"text": text}},
	})
	c.diagnostics(uri, time.Minute, "no findings after the type error", func(ds []lspDiag) bool { return len(ds) == 0 })

	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.exited:
		if err != nil {
			t.Errorf("exit after shutdown: %v, want status 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("the server did not exit after shutdown and exit")
	}
}

// nvimScript drives Neovim's own LSP client (0.7 and later): start
// `leakvet lsp`, open the file, wait for its diagnostics, write them out.
const nvimScript = `
local bin, root, file, out = os.getenv("LV_BIN"), os.getenv("LV_ROOT"), os.getenv("LV_FILE"), os.getenv("LV_OUT")
local id = vim.lsp.start_client({ name = "leakvet", cmd = { bin, "lsp" }, root_dir = root, init_options = {} })
if not id then
  vim.fn.writefile({ "start_client failed" }, out)
  vim.cmd("cquit 2")
end
vim.cmd("edit " .. vim.fn.fnameescape(file))
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(120000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  table.insert(lines, string.format("%d:%d|%s|%s|%s", d.lnum, d.col, tostring(d.source), code, d.message))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd(ok and "qa!" or "cquit 1")
`

// TestNeovim: a real editor's LSP client gets the finding.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is not installed (Debian: apt-get install neovim); skipping the test with a real editor")
	}
	dir, file := lspModule(t)
	script := filepath.Join(t.TempDir(), "leakvet.lua")
	out := filepath.Join(t.TempDir(), "diagnostics.txt")
	if err := os.WriteFile(script, []byte(nvimScript), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LV_BIN="+leakvetBin, "LV_ROOT="+dir, "LV_FILE="+file, "LV_OUT="+out)
	done := make(chan error, 1)
	var output strings.Builder
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(3 * time.Minute):
		_ = cmd.Process.Kill() // fails only if nvim has already exited; the test fails either way
		t.Fatalf("nvim did not finish in 3 minutes; output:\n%s", output.String())
	}
	data, _ := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim: %v\noutput:\n%s\ndiagnostics:\n%s", err, output.String(), data)
	}
	got := strings.TrimSpace(string(data))
	t.Logf("vim.diagnostic.get(): %s", got)
	want := "12:"
	if !strings.HasPrefix(got, want) || !strings.Contains(got, "|leakvet|errwrap|") || !strings.Contains(got, "%w") || strings.Count(got, "\n") != 0 {
		t.Errorf("vim.diagnostic.get() holds:\n%s\nwant one errwrap finding on line 13", got)
	}
}
