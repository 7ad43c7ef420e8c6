package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/leakvet/leakvet/internal/driver"
)

// fileState is what was last published for a file.
type fileState struct {
	text     []byte // the content the findings were computed on
	findings []*finding
	loadErr  *diagnostic // the package did not load or type-check
}

func (st *fileState) diagnostics() []diagnostic {
	out := []diagnostic{}
	if st == nil {
		return out
	}
	if st.loadErr != nil {
		out = append(out, *st.loadErr)
	}
	for _, f := range st.findings {
		out = append(out, f.diag)
	}
	return out
}

// finding is one diagnostic with its code actions.
type finding struct {
	diag   diagnostic
	check  string
	fixes  []quickFix
	ignore quickFix
}

type quickFix struct {
	title string
	edit  workspaceEdit
}

// testHookIdle, when set (by tests), is called whenever the worker has
// nothing left to do.
var testHookIdle func()

// testHookNoDependents, set by benchmarks, skips the analysis of
// dependents after a change.
var testHookNoDependents bool

// worker runs the analyses, one at a time, until the server stops.
func (s *server) worker() {
	defer close(s.done)
	appliedGen := -1
	salt := ""
	for {
		select {
		case <-s.wake:
		case <-s.ctx.Done():
			return
		}
		for {
			s.mu.Lock()
			if s.stopping() {
				s.mu.Unlock()
				return
			}
			var dirs []string
			var origins map[string]bool // dir -> its dependents wanted after it
			runDeps := false
			if len(s.timers) > 0 {
				// Someone is typing: what was cancelled starts again
				// once the buffer is quiet, when the timer fires.
				s.mu.Unlock()
				break
			}
			if len(s.pending) == 0 && len(s.pendingDeps) == 0 {
				s.mu.Unlock()
				if testHookIdle != nil {
					testHookIdle()
				}
				break
			}
			if len(s.pending) > 0 {
				origins = s.pending
				s.pending = make(map[string]bool)
			} else {
				origins = s.pendingDeps
				s.pendingDeps = make(map[string]bool)
				runDeps = true
			}
			for dir := range origins {
				dirs = append(dirs, dir)
			}
			sort.Strings(dirs)
			ctx, cancel := context.WithCancel(s.ctx)
			s.cancelRun, s.runDeps = cancel, runDeps
			s.running = make(map[string]bool)
			for _, dir := range dirs {
				s.running[dir] = true
			}
			cfg, gen, folders := s.cfg, s.cfgGen, s.folders
			docs := s.openDocsLocked()
			s.mu.Unlock()

			if gen != appliedGen {
				for _, p := range applyFlags(s.opts.Analyzers, s.defaults, cfg.flags) {
					s.showMessage(messageWarning, p)
				}
				salt = s.salt(cfg)
				appliedGen = gen
			}
			completed := s.runSafely(func() bool {
				overlay := overlayOf(docs)
				if runDeps {
					return s.analyzeDependents(ctx, dirs, folders, cfg, salt, overlay)
				}
				return s.analyze(ctx, dirs, cfg, salt, overlay)
			})
			cancel()

			s.mu.Lock()
			s.cancelRun, s.running, s.runDeps = nil, nil, false
			if !s.stopping() {
				for dir, deps := range origins {
					switch {
					case !runDeps && !completed:
						s.pending[dir] = s.pending[dir] || deps
					case runDeps && completed, !runDeps && !deps, testHookNoDependents:
						// Dependents analyzed, or none wanted.
					default:
						// Dependents of what was analyzed, or again
						// after a cancelled run of them.
						if _, queued := s.pending[dir]; queued {
							s.pending[dir] = true
						} else {
							s.pendingDeps[dir] = true
						}
					}
				}
			}
			s.mu.Unlock()
		}
	}
}

// runSafely runs an analysis, turning a panic (a bug in the server: the
// driver catches its own and the analyzers') into a message, so that the
// editor keeps its server. The analysis counts as done: it would only fail
// again.
func (s *server) runSafely(analysis func() bool) (completed bool) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.opts.Log, "leakvet lsp: internal error: %v\n%s", r, debug.Stack())
			s.showMessage(messageError, fmt.Sprintf("leakvet: internal error: %v (the server's log has the stack)", r))
			completed = true
		}
	}()
	return analysis()
}

func (s *server) salt(cfg *config) string {
	if s.opts.Salt != nil {
		return s.opts.Salt(cfg.analyzers)
	}
	var b strings.Builder
	b.WriteString("leakvet lsp")
	for _, a := range cfg.analyzers {
		fmt.Fprintf(&b, " %s", a.Name)
	}
	keys := make([]string, 0, len(cfg.flags))
	for k := range cfg.flags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%s", k, cfg.flags[k])
	}
	return b.String()
}

// openDocsLocked copies the open buffers' names and texts; mu held.
func (s *server) openDocsLocked() map[string]string {
	docs := make(map[string]string, len(s.docs))
	for name, d := range s.docs {
		docs[name] = d.text
	}
	return docs
}

// overlayOf returns the open buffers whose text is not what is on disk.
func overlayOf(docs map[string]string) map[string][]byte {
	overlay := make(map[string][]byte)
	for name, text := range docs {
		if disk, err := os.ReadFile(name); err != nil || string(disk) != text {
			overlay[name] = []byte(text)
		}
	}
	return overlay
}

// moduleRoot returns the directory of the go.mod that governs dir, or dir.
func moduleRoot(dir string) string {
	for d := dir; ; {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// analyze analyzes the packages in dirs and publishes what it finds. It
// returns false if it was cancelled before it finished.
func (s *server) analyze(ctx context.Context, dirs []string, cfg *config, salt string, overlay map[string][]byte) bool {
	byRoot := make(map[string][]string)
	var roots []string
	for _, dir := range dirs {
		root := moduleRoot(dir)
		if byRoot[root] == nil {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], dir)
	}
	sort.Strings(roots)
	for _, root := range roots {
		if len(cfg.analyzers) == 0 {
			s.publishResult(byRoot[root], &driver.Result{}, cfg, overlay)
			continue
		}
		start := time.Now()
		res, err := driver.Run(driver.Config{
			Dir:       root,
			Patterns:  byRoot[root],
			Tags:      cfg.tags,
			Tests:     cfg.tests,
			Analyzers: cfg.analyzers,
			CacheDir:  s.opts.CacheDir,
			CacheSalt: salt,
			Overlay:   overlay,
			Memo:      s.memo,
			Context:   ctx,
		})
		if ctx.Err() != nil {
			fmt.Fprintf(s.opts.Log, "leakvet lsp: analysis of %s cancelled after %v\n", strings.Join(byRoot[root], " "), time.Since(start).Round(time.Millisecond))
			return false
		}
		if res != nil {
			fmt.Fprintf(s.opts.Log, "leakvet lsp: analyzed %s in %v: %+v\n", strings.Join(byRoot[root], " "), time.Since(start).Round(time.Millisecond), res.Stats)
		}
		if err != nil {
			// The go command failed as a whole (a broken go.mod, no go
			// command): nothing to put on a line.
			first, _, _ := strings.Cut(err.Error(), "\n")
			s.showMessage(messageError, "leakvet: "+first)
			continue
		}
		s.publishResult(byRoot[root], res, cfg, overlay)
	}
	return true
}

// analyzeDependents analyzes the packages of the workspace that depend on
// those in dirs, which were just analyzed.
func (s *server) analyzeDependents(ctx context.Context, dirs, folders []string, cfg *config, salt string, overlay map[string][]byte) bool {
	var deps []string
	for _, dir := range dirs {
		g, err := loadModuleGraph(ctx, moduleRoot(dir), cfg.tags)
		if ctx.Err() != nil {
			return false
		}
		if err != nil {
			fmt.Fprintf(s.opts.Log, "leakvet lsp: listing the packages of %s: %v\n", moduleRoot(dir), err)
			continue
		}
		deps = append(deps, g.dependents(dir, folders)...)
	}
	sort.Strings(deps)
	deps = dedupe(deps)
	if len(deps) == 0 {
		return true
	}
	s.mu.Lock()
	for _, d := range deps {
		s.running[d] = true
	}
	s.mu.Unlock()
	return s.analyze(ctx, deps, cfg, salt, overlay)
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, x := range sorted {
		if i == 0 || x != sorted[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// publishResult turns a driver result for the packages in dirs into the
// files' diagnostics, and publishes every file whose diagnostics changed
// or that had some.
func (s *server) publishResult(dirs []string, res *driver.Result, cfg *config, overlay map[string][]byte) {
	inDirs := make(map[string]bool, len(dirs))
	for _, d := range dirs {
		inDirs[d] = true
	}
	contents := make(map[string]*lines)
	linesOf := func(name string) *lines {
		if l, ok := contents[name]; ok {
			return l
		}
		data, ok := overlay[name]
		if !ok {
			data, _ = os.ReadFile(name)
		}
		l := newLines(data)
		contents[name] = l
		return l
	}
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range cfg.analyzers {
		byName[a.Name] = a
	}

	// Which packages could not be analyzed.
	failed := make(map[string]bool)
	for id, dir := range res.Dirs {
		if _, ok := res.Packages[id]; !ok && inDirs[dir] {
			failed[dir] = true
		}
	}

	next := make(map[string]*fileState)
	state := func(name string) *fileState {
		if next[name] == nil {
			next[name] = &fileState{text: linesOf(name).content}
		}
		return next[name]
	}
	ids := make([]string, 0, len(res.Packages))
	for id := range res.Packages {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		byAnalyzer := res.Packages[id]
		names := make([]string, 0, len(byAnalyzer))
		for name := range byAnalyzer {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			r := byAnalyzer[name]
			if r.Err != "" {
				s.showMessage(messageWarning, fmt.Sprintf("leakvet: %s failed on %s: %s", name, id, r.Err))
				continue
			}
			for _, d := range r.Diagnostics {
				f := s.convert(d, name, byName[name], cfg, linesOf)
				if f == nil {
					continue
				}
				p, _ := parsePosn(d.Posn)
				st := state(p.file)
				st.findings = append(st.findings, f)
			}
		}
	}

	// One diagnostic per package that did not load or type-check: its
	// first error that has a place in the package's directory.
	var unplaced []string
	placed := make(map[string]bool)
	for _, line := range res.Errors {
		p, msg, ok := splitErrorLine(line)
		dir := filepath.Dir(p.file)
		switch {
		case ok && failed[dir]:
			if placed[dir] {
				continue
			}
			placed[dir] = true
			l := linesOf(p.file)
			start := l.position(p.line, p.col)
			st := state(p.file)
			st.loadErr = &diagnostic{
				Range:    lspRange{Start: start, End: start},
				Severity: severityError,
				Source:   "leakvet",
				Message:  "package not analyzed: " + msg,
			}
		case strings.Contains(line, "build constraints exclude all Go files"):
			// A directory with no Go files for this build: nothing to say.
		default:
			unplaced = append(unplaced, line)
		}
	}
	// A package that failed through a dependency: on its open files.
	s.mu.Lock()
	for dir := range failed {
		if placed[dir] {
			continue
		}
		why := "a package it depends on does not load or type-check"
		if len(unplaced) > 0 {
			why = unplaced[0]
		}
		for name := range s.docs {
			if filepath.Dir(name) == dir {
				state(name).loadErr = &diagnostic{Severity: severityError, Source: "leakvet", Message: "package not analyzed: " + why}
			}
		}
	}
	// Every file of these packages that showed something is replaced.
	var notes []publishDiagnosticsParams
	cleared := make(map[string]bool)
	for name := range s.published {
		if inDirs[filepath.Dir(name)] && next[name] == nil {
			delete(s.published, name)
			cleared[name] = true
			notes = append(notes, publishDiagnosticsParams{URI: s.uriLocked(name), Diagnostics: []diagnostic{}})
		}
	}
	// An open file analyzed clean hears so too, even if it never had a
	// finding: the editor knows the analysis of its buffer is done.
	for name, doc := range s.docs {
		if inDirs[filepath.Dir(name)] && next[name] == nil && !cleared[name] {
			notes = append(notes, publishDiagnosticsParams{URI: doc.uri, Diagnostics: []diagnostic{}})
		}
	}
	for name, st := range next {
		if len(st.findings) == 0 && st.loadErr == nil {
			delete(s.published, name)
		} else {
			s.published[name] = st
		}
		notes = append(notes, publishDiagnosticsParams{URI: s.uriLocked(name), Diagnostics: st.diagnostics()})
	}
	s.mu.Unlock()
	sort.Slice(notes, func(i, j int) bool { return notes[i].URI < notes[j].URI })
	for _, n := range notes {
		_ = s.conn.Notify(s.ctx, "textDocument/publishDiagnostics", n) // fails only if the client has gone, which stops the server
	}
	for _, line := range unplaced {
		s.showMessage(messageWarning, "leakvet: "+line)
	}
}

// splitErrorLine splits "file:line:col: message".
func splitErrorLine(line string) (posn, string, bool) {
	for i := 0; ; {
		j := strings.Index(line[i:], ": ")
		if j < 0 {
			return posn{}, "", false
		}
		i += j
		if p, ok := parsePosn(line[:i]); ok && p.line > 0 {
			return p, line[i+2:], true
		}
		i += 2
	}
}

// convert turns a driver diagnostic into a finding with its code actions.
func (s *server) convert(d driver.Diagnostic, check string, a *analysis.Analyzer, cfg *config, linesOf func(string) *lines) *finding {
	start, ok := parsePosn(d.Posn)
	if !ok {
		return nil
	}
	end, ok := parsePosn(d.End)
	if !ok || end.file != start.file {
		end = start
	}
	l := linesOf(start.file)
	f := &finding{
		check: check,
		diag: diagnostic{
			Range:    lspRange{Start: l.position(start.line, start.col), End: l.position(end.line, end.col)},
			Severity: cfg.severity,
			Code:     check,
			Source:   "leakvet",
			Message:  d.Message,
		},
	}
	if a != nil && a.URL != "" {
		f.diag.CodeDescription = &codeDescription{Href: a.URL}
	}
	for _, r := range d.Related {
		rs, ok := parsePosn(r.Posn)
		if !ok {
			continue
		}
		re, ok := parsePosn(r.End)
		if !ok || re.file != rs.file {
			re = rs
		}
		rl := linesOf(rs.file)
		f.diag.RelatedInformation = append(f.diag.RelatedInformation, diagnosticRelatedInformation{
			Location: location{URI: fileURI(rs.file), Range: lspRange{Start: rl.position(rs.line, rs.col), End: rl.position(re.line, re.col)}},
			Message:  r.Message,
		})
	}
	for _, fix := range d.SuggestedFixes {
		edit := workspaceEdit{Changes: make(map[documentURI][]textEdit)}
		for _, e := range fix.Edits {
			el := linesOf(e.Filename)
			uri := fileURI(e.Filename)
			edit.Changes[uri] = append(edit.Changes[uri], textEdit{
				Range:   lspRange{Start: el.offsetPosition(e.Start), End: el.offsetPosition(e.End)},
				NewText: e.New,
			})
		}
		title := fix.Message
		if title == "" {
			title = "Apply the fix leakvet suggests"
		}
		f.fixes = append(f.fixes, quickFix{title: title, edit: edit})
	}
	f.ignore = ignoreFix(check, f.diag.Range.Start.Line, l, fileURI(start.file))
	return f
}

// ignoreFix inserts "//leakvet:ignore CHECK reason" above the line, with
// its indentation, or adds CHECK to a directive already there.
func ignoreFix(check string, line int, l *lines, uri documentURI) quickFix {
	const directive = "//leakvet:ignore" // report.Directive
	text := l.lineText(line)
	indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
	title := fmt.Sprintf("Ignore this %s finding (//leakvet:ignore)", check)
	if line > 0 {
		prev := l.lineText(line - 1)
		trimmed := strings.TrimLeft(prev, " \t")
		if rest, ok := strings.CutPrefix(trimmed, directive+" "); ok {
			names, _, _ := strings.Cut(rest, " ")
			for _, n := range strings.Split(names, ",") {
				if n == check {
					return quickFix{} // already there: nothing to offer
				}
			}
			at := utf16Len([]byte(prev[:len(prev)-len(trimmed)+len(directive)+1+len(names)]))
			p := position{Line: line - 1, Character: at}
			return quickFix{title: title, edit: workspaceEdit{Changes: map[documentURI][]textEdit{
				uri: {{Range: lspRange{Start: p, End: p}, NewText: "," + check}},
			}}}
		}
	}
	p := position{Line: line}
	return quickFix{title: title, edit: workspaceEdit{Changes: map[documentURI][]textEdit{
		uri: {{Range: lspRange{Start: p, End: p}, NewText: indent + directive + " " + check + " TODO: reason\n"}},
	}}}
}

// codeActions offers, for each finding in the range, its fixes and the
// ignore directive, as long as the file is still what was analyzed.
func (s *server) codeActions(p codeActionParams) []codeAction {
	actions := []codeAction{}
	if len(p.Context.Only) > 0 {
		wanted := false
		for _, k := range p.Context.Only {
			wanted = wanted || k == kindQuickFix || strings.HasPrefix(kindQuickFix, k+".")
		}
		if !wanted {
			return actions
		}
	}
	name := fileName(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.published[name]
	if st == nil || len(st.findings) == 0 {
		return actions
	}
	current := ""
	if doc := s.docs[name]; doc != nil {
		current = doc.text
	} else if data, err := os.ReadFile(name); err == nil {
		current = string(data)
	}
	if current != string(st.text) {
		return actions // edited since: the next analysis brings fresh ones
	}
	ignored := make(map[string]bool)
	for _, f := range st.findings {
		if !overlaps(f.diag.Range, p.Range) {
			continue
		}
		for _, fix := range f.fixes {
			actions = append(actions, codeAction{
				Title: fix.title, Kind: kindQuickFix, Diagnostics: []diagnostic{f.diag},
				IsPreferred: len(f.fixes) == 1, Edit: s.clientEdit(fix.edit),
			})
		}
		key := fmt.Sprintf("%s:%d", f.check, f.diag.Range.Start.Line)
		if f.ignore.title != "" && !ignored[key] {
			ignored[key] = true
			actions = append(actions, codeAction{Title: f.ignore.title, Kind: kindQuickFix, Diagnostics: []diagnostic{f.diag}, Edit: s.clientEdit(f.ignore.edit)})
		}
	}
	return actions
}

// uriLocked is the URI of a file as the client named it, if it is open;
// mu held.
func (s *server) uriLocked(name string) documentURI {
	if doc := s.docs[name]; doc != nil {
		return doc.uri
	}
	return fileURI(name)
}

// clientEdit names the files of an edit as the client does; mu held.
func (s *server) clientEdit(e workspaceEdit) *workspaceEdit {
	out := workspaceEdit{Changes: make(map[documentURI][]textEdit, len(e.Changes))}
	for uri, edits := range e.Changes {
		out.Changes[s.uriLocked(fileName(uri))] = edits
	}
	return &out
}

func overlaps(a, b lspRange) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(a, b position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character < b.Character)
}
