// Package lsp is leakvet's language server: `leakvet lsp` speaks the
// Language Server Protocol (3.17, JSON-RPC 2.0 over stdin and stdout) to
// an editor, next to gopls, and shows leakvet's findings where code is
// written, with their suggested fixes as quick fixes.
//
// What it does:
//
//   - didOpen analyzes the file's package; didSave, and didChange once the
//     buffer has been quiet for a moment, analyze it again and then, in the
//     background, the packages of the same module that depend on it, whose
//     facts may have changed. Unsaved buffers are analyzed as they are,
//     through the driver's overlay (the go command's -overlay).
//   - Every analysis goes through internal/driver with leakvet's cache, the
//     one the command line uses: only the changed package and what depends
//     on it are analyzed, everything else is replayed. A driver.Memo kept
//     for the session spares the go command's work that a save does not
//     change (the package listing, the dependencies' export data).
//   - publishDiagnostics per file: severity, the check's name as code and
//     its documentation as codeDescription, source "leakvet", the other
//     lines involved as relatedInformation, and an empty list once a file
//     is clean. A package that does not load or type-check gets one
//     diagnostic naming the first error (gopls shows them all).
//   - codeAction: each suggested fix as a quick fix, and "ignore" inserting
//     a //leakvet:ignore directive above the line.
//   - One analysis at a time: an edit to a package under analysis cancels
//     it (the driver stops between packages and keeps what it finished in
//     the cache), and it starts again with the edit.
//
// The wire format is github.com/sourcegraph/jsonrpc2: small, maintained,
// with no dependencies of its own that a build of leakvet pulls in (its
// go.mod names gorilla/websocket for a sub-package leakvet does not
// import), and it frames messages with the LSP's Content-Length headers.
// The LSP types are the few this server uses, written out in protocol.go.
// The alternatives were weighed: go.lsp.dev/protocol, the only complete
// set of LSP types on the module proxy, stops at LSP 3.16 and has
// not been released since 2022, and it brings zap and segmentio/encoding
// into the module graph of every golangci-lint plugin build;
// golang.org/x/exp/jsonrpc2 is experimental, and x/exp is a large
// module to require for it; gopls's own protocol package is internal.
package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/internal/driver"
)

// Options configures a server.
type Options struct {
	// Analyzers are every check the binary has; settings pick among them.
	Analyzers []*analysis.Analyzer
	// CacheDir is the driver's cache; "" runs without one.
	CacheDir string
	// Salt returns the driver's cache salt for the analyzers enabled,
	// once their flags are set: the same function the command line uses,
	// so that the editor and the command line share cache entries.
	Salt func([]*analysis.Analyzer) string
	// Version is reported in serverInfo.
	Version string
	// Debounce is how long a buffer must be quiet after a change before
	// it is analyzed; 0 means 300ms.
	Debounce time.Duration
	// Log receives the server's own log lines (not the client's).
	Log io.Writer
}

// Serve runs a server on in and out until the client sends exit or
// closes the connection. It returns nil after a shutdown request and an
// exit notification, as the protocol asks for exit code 0, and an error
// otherwise.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	if opts.Debounce <= 0 {
		opts.Debounce = 300 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := newServer(ctx, opts)
	stream := jsonrpc2.NewBufferedStream(stdio{in, out}, jsonrpc2.VSCodeObjectCodec{})
	conn := jsonrpc2.NewConn(ctx, stream, jsonrpc2.HandlerWithError(s.handle),
		jsonrpc2.SetLogger(log.New(opts.Log, "leakvet lsp: ", 0)))
	s.conn = conn
	go s.worker()
	select {
	case <-conn.DisconnectNotify():
	case <-s.exited:
		_ = conn.Close() // fails only if the client has already closed it
	}
	s.stop()
	s.mu.Lock()
	clean := s.shutdown
	s.mu.Unlock()
	if !clean {
		return fmt.Errorf("the client left without shutdown")
	}
	return nil
}

// stdio makes a reader and a writer one stream.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

// notifier is the part of the connection the server sends through.
type notifier interface {
	Notify(ctx context.Context, method string, params any, opts ...jsonrpc2.CallOption) error
}

type server struct {
	ctx      context.Context
	opts     Options
	conn     notifier
	defaults map[string]string // analyzer flag defaults
	memo     *driver.Memo      // what one analysis learns for the next
	exited   chan struct{}
	exitOnce sync.Once

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	folders     []string
	cfg         *config
	cfgGen      int // bumped by every configuration
	docs        map[string]*document
	published   map[string]*fileState // file name -> what was last published
	shown       map[string]bool       // messages shown, not to repeat
	timers      map[string]*time.Timer
	pending     map[string]bool // package dir -> also its dependents
	pendingDeps map[string]bool // dependents to analyze once pending is empty
	running     map[string]bool // dirs of the analysis in flight
	runDeps     bool            // the analysis in flight is of dependents
	cancelRun   context.CancelFunc
	wake        chan struct{}
	done        chan struct{} // closed when the worker returns
}

// document is an open buffer.
type document struct {
	uri     documentURI
	name    string
	version int
	text    string
}

func newServer(ctx context.Context, opts Options) *server {
	return &server{
		ctx:         ctx,
		opts:        opts,
		defaults:    flagDefaults(opts.Analyzers),
		memo:        driver.NewMemo(),
		exited:      make(chan struct{}),
		cfg:         defaultConfig(opts.Analyzers),
		docs:        make(map[string]*document),
		published:   make(map[string]*fileState),
		shown:       make(map[string]bool),
		timers:      make(map[string]*time.Timer),
		pending:     make(map[string]bool),
		pendingDeps: make(map[string]bool),
		wake:        make(chan struct{}, 1),
		done:        make(chan struct{}),
	}
}

// stop ends the worker, cancelling the analysis in flight, and waits for
// it. It is called on shutdown and again when the connection ends.
func (s *server) stop() {
	s.mu.Lock()
	if !s.stopping() {
		s.pending, s.pendingDeps = nil, nil
		if s.cancelRun != nil {
			s.cancelRun()
		}
		for _, t := range s.timers {
			t.Stop()
		}
	}
	s.mu.Unlock()
	s.poke()
	<-s.done
}

// stopping reports whether the worker is to return; mu held.
func (s *server) stopping() bool { return s.pending == nil }

func (s *server) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// handle answers one request or notification. The connection calls it
// for one message at a time, in order, so notifications about a document
// apply in the order the client sent them; it only updates state and
// queues work, and never waits for an analysis.
func (s *server) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.opts.Log, "leakvet lsp: internal error handling %s: %v\n", req.Method, r)
			err = &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: fmt.Sprintf("leakvet: internal error: %v", r)}
		}
	}()
	params := json.RawMessage("null")
	if req.Params != nil {
		params = *req.Params
	}
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case req.Method == "exit":
		s.exitOnce.Do(func() { close(s.exited) })
		return nil, nil
	case req.Method == "initialize":
		if initialized {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize was already called"}
		}
		return s.initialize(params)
	case !initialized:
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: -32002, Message: "the server is not initialized"} // ServerNotInitialized
	case shutdown:
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shut down"}
	}
	switch req.Method {
	case "initialized", "$/cancelRequest", "$/setTrace", "textDocument/willSave":
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		s.stop()
		return nil, nil
	case "textDocument/didOpen":
		var p didOpenParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		s.didOpen(p)
	case "textDocument/didChange":
		var p didChangeParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		s.didChange(p)
	case "textDocument/didSave":
		var p didSaveParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		s.didSave(p)
	case "textDocument/didClose":
		var p didCloseParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		s.didClose(p)
	case "workspace/didChangeConfiguration":
		var p didChangeConfigurationParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		s.configure(p.Settings)
	case "workspace/didChangeWorkspaceFolders":
		var p didChangeWorkspaceFoldersParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		s.changeFolders(p)
	case "textDocument/codeAction":
		var p codeActionParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		return s.codeActions(p), nil
	default:
		if req.Notif {
			return nil, nil // unknown notifications are ignored, as the protocol says
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "leakvet does not handle " + req.Method}
	}
	return nil, nil
}

func invalidParams(err error) error {
	return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
}

func (s *server) initialize(params json.RawMessage) (any, error) {
	var p initializeParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, invalidParams(err)
	}
	cfg, warnings := parseConfig(p.InitializationOptions, s.opts.Analyzers)
	s.mu.Lock()
	s.initialized = true
	s.cfg = cfg
	s.cfgGen++
	for _, f := range p.WorkspaceFolders {
		if name := fileName(f.URI); name != "" {
			s.folders = append(s.folders, name)
		}
	}
	if len(s.folders) == 0 {
		if name := fileName(p.RootURI); name != "" {
			s.folders = append(s.folders, name)
		} else if p.RootPath != "" && filepath.IsAbs(p.RootPath) {
			s.folders = append(s.folders, filepath.Clean(p.RootPath))
		}
	}
	s.mu.Unlock()
	for _, w := range warnings {
		s.showMessage(messageWarning, w)
	}
	return initializeResult{
		Capabilities: serverCapabilities{
			TextDocumentSync:   textDocumentSyncOptions{OpenClose: true, Change: syncFull, Save: saveOptions{}},
			CodeActionProvider: codeActionOptions{CodeActionKinds: []string{kindQuickFix}},
			Workspace:          workspaceCapabilities{WorkspaceFolders: workspaceFoldersCapabilities{Supported: true, ChangeNotifications: true}},
		},
		ServerInfo: serverInfo{Name: "leakvet", Version: s.opts.Version},
	}, nil
}

// isGo reports whether the server analyzes a document.
func isGo(name, languageID string) bool {
	return name != "" && (languageID == "go" || strings.HasSuffix(name, ".go"))
}

func (s *server) didOpen(p didOpenParams) {
	name := fileName(p.TextDocument.URI)
	if !isGo(name, p.TextDocument.LanguageID) {
		return
	}
	s.mu.Lock()
	s.docs[name] = &document{uri: p.TextDocument.URI, name: name, version: p.TextDocument.Version, text: p.TextDocument.Text}
	// Analyzed again even if it was before (as a dependent, or for
	// another file of the package): the cache replays it, and the buffer
	// may differ from what was analyzed.
	s.enqueueLocked(filepath.Dir(name), false)
	s.mu.Unlock()
}

func (s *server) didChange(p didChangeParams) {
	name := fileName(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := s.docs[name]
	if doc == nil {
		return
	}
	text := doc.text
	for _, c := range p.ContentChanges {
		var err error
		if text, err = applyChange(text, c); err != nil {
			fmt.Fprintf(s.opts.Log, "leakvet lsp: %s: %v\n", name, err)
			return
		}
	}
	doc.text, doc.version = text, p.TextDocument.Version
	dir := filepath.Dir(name)
	s.cancelIfRunningLocked(dir)
	if t := s.timers[dir]; t != nil {
		t.Stop()
	}
	var t *time.Timer
	t = time.AfterFunc(s.opts.Debounce, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.timers[dir] == t {
			delete(s.timers, dir)
		}
		s.enqueueLocked(dir, true)
	})
	s.timers[dir] = t
}

func (s *server) didSave(p didSaveParams) {
	name := fileName(p.TextDocument.URI)
	if !isGo(name, "") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if doc := s.docs[name]; doc != nil && p.Text != nil {
		doc.text = *p.Text
	}
	dir := filepath.Dir(name)
	if t := s.timers[dir]; t != nil {
		t.Stop()
		delete(s.timers, dir)
	}
	s.cancelIfRunningLocked(dir)
	s.enqueueLocked(dir, true)
}

func (s *server) didClose(p didCloseParams) {
	name := fileName(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := s.docs[name]
	if doc == nil {
		return
	}
	delete(s.docs, name)
	// Closed without saving: what is on disk is the truth again.
	if disk, err := os.ReadFile(name); err == nil && string(disk) != doc.text {
		s.enqueueLocked(filepath.Dir(name), true)
	}
}

// configure applies settings from didChangeConfiguration. Empty settings
// change nothing: clients send them when they have none of their own (or
// expect the server to pull them), and they must not undo the
// initializationOptions.
func (s *server) configure(raw json.RawMessage) {
	if emptySettings(raw) {
		return
	}
	cfg, warnings := parseConfig(raw, s.opts.Analyzers)
	s.mu.Lock()
	s.cfg = cfg
	s.cfgGen++
	// Everything shown was found under the old configuration.
	dirs := make(map[string]bool)
	for name := range s.docs {
		dirs[filepath.Dir(name)] = true
	}
	for name, st := range s.published {
		if len(st.diagnostics()) > 0 {
			dirs[filepath.Dir(name)] = true
		}
	}
	if s.cancelRun != nil {
		s.cancelRun()
	}
	for dir := range dirs {
		s.enqueueLocked(dir, false)
	}
	s.mu.Unlock()
	for _, w := range warnings {
		s.showMessage(messageWarning, w)
	}
}

func (s *server) changeFolders(p didChangeWorkspaceFoldersParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	removed := make(map[string]bool)
	for _, f := range p.Event.Removed {
		removed[fileName(f.URI)] = true
	}
	var folders []string
	for _, f := range s.folders {
		if !removed[f] {
			folders = append(folders, f)
		}
	}
	for _, f := range p.Event.Added {
		if name := fileName(f.URI); name != "" {
			folders = append(folders, name)
		}
	}
	s.folders = folders
}

// enqueueLocked queues the package in dir, and with deps its dependents
// after it; mu held.
func (s *server) enqueueLocked(dir string, deps bool) {
	if s.stopping() {
		return
	}
	if s.pendingDeps[dir] {
		deps = true
		delete(s.pendingDeps, dir)
	}
	s.pending[dir] = s.pending[dir] || deps
	s.poke()
}

// cancelIfRunningLocked cancels the analysis in flight if it covers dir,
// or is an analysis of dependents, which the edit makes stale; mu held.
// The worker queues what it cancelled again.
func (s *server) cancelIfRunningLocked(dir string) {
	if s.cancelRun != nil && (s.running[dir] || s.runDeps) {
		s.cancelRun()
	}
}

// showMessage shows a message once: the same problem found on every
// keystroke is not worth a pop-up each time.
func (s *server) showMessage(typ int, msg string) {
	s.mu.Lock()
	seen := s.shown[msg]
	s.shown[msg] = true
	s.mu.Unlock()
	if seen {
		return
	}
	fmt.Fprintf(s.opts.Log, "leakvet lsp: %s\n", msg)
	_ = s.conn.Notify(s.ctx, "window/showMessage", showMessageParams{Type: typ, Message: msg}) // fails only if the client has gone; the message is in the log
}
