package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// fileName returns the absolute file name of a file: URI, or "" for any
// other scheme (an untitled buffer, a remote file).
func fileName(uri documentURI) string {
	u, err := url.Parse(string(uri))
	if err != nil || u.Scheme != "file" {
		return ""
	}
	path := u.Path
	if len(path) >= 3 && path[0] == '/' && path[2] == ':' && filepath.Separator == '\\' {
		path = path[1:] // file:///C:/x is C:\x on Windows
	}
	name := filepath.FromSlash(path)
	if !filepath.IsAbs(name) {
		return ""
	}
	return filepath.Clean(name)
}

// fileURI returns the file: URI of an absolute file name.
func fileURI(name string) documentURI {
	path := filepath.ToSlash(name)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // C:/x: file:///C:/x
	}
	u := url.URL{Scheme: "file", Path: path}
	return documentURI(u.String())
}

// posn is a position as the driver writes it: file, 1-based line, 1-based
// column in bytes.
type posn struct {
	file      string
	line, col int
}

// parsePosn splits "file:line:col" (or "file:line", or "file"). The file
// name may itself hold colons, so the numbers are taken from the right.
func parsePosn(s string) (posn, bool) {
	p := posn{file: s}
	for range 2 {
		i := strings.LastIndexByte(p.file, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(p.file[i+1:])
		if err != nil {
			break
		}
		p.line, p.col = n, p.line
		p.file = p.file[:i]
	}
	if p.file == "" || !filepath.IsAbs(p.file) {
		return posn{}, false
	}
	return p, true
}

// lines indexes the lines of a file's content, to turn byte positions into
// LSP positions, whose columns count UTF-16 code units.
type lines struct {
	content []byte
	starts  []int // byte offset of each line
}

func newLines(content []byte) *lines {
	l := &lines{content: content, starts: []int{0}}
	for i, b := range content {
		if b == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// position converts a 1-based line and 1-based byte column; a column of
// 0 means the start of the line. Out-of-range values are clamped: the file
// may have changed since it was analyzed.
func (l *lines) position(line, col int) position {
	if line < 1 {
		return position{}
	}
	if line > len(l.starts) {
		line = len(l.starts)
		col = 1 << 30
	}
	start := l.starts[line-1]
	end := len(l.content)
	if line < len(l.starts) {
		end = l.starts[line] - 1 // the newline
	}
	off := start
	if col > 1 {
		off = min(start+col-1, end)
	}
	return position{Line: line - 1, Character: utf16Len(l.content[start:off])}
}

// offsetPosition converts a byte offset.
func (l *lines) offsetPosition(off int) position {
	off = max(0, min(off, len(l.content)))
	// The last line starting at or before off.
	lo, hi := 0, len(l.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return position{Line: lo, Character: utf16Len(l.content[l.starts[lo]:off])}
}

// lineText returns line n (0-based) without its newline.
func (l *lines) lineText(n int) string {
	if n < 0 || n >= len(l.starts) {
		return ""
	}
	end := len(l.content)
	if n+1 < len(l.starts) {
		end = l.starts[n+1] - 1
	}
	return strings.TrimSuffix(string(l.content[l.starts[n]:end]), "\r")
}

// offset converts an LSP position back to a byte offset (for a client's
// ranged change).
func (l *lines) offset(p position) (int, error) {
	if p.Line < 0 || p.Line > len(l.starts) || (p.Line == len(l.starts) && p.Character > 0) {
		return 0, fmt.Errorf("position %d:%d is outside the document", p.Line, p.Character)
	}
	if p.Line == len(l.starts) {
		return len(l.content), nil
	}
	off := l.starts[p.Line]
	units := 0
	for off < len(l.content) && l.content[off] != '\n' && units < p.Character {
		r, size := utf8.DecodeRune(l.content[off:])
		units += len(utf16.Encode([]rune{r}))
		off += size
	}
	return off, nil
}

func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}

// applyChange applies one content change of didChange to text.
func applyChange(text string, c contentChange) (string, error) {
	if c.Range == nil {
		return c.Text, nil
	}
	l := newLines([]byte(text))
	start, err := l.offset(c.Range.Start)
	if err != nil {
		return "", err
	}
	end, err := l.offset(c.Range.End)
	if err != nil {
		return "", err
	}
	if end < start {
		return "", fmt.Errorf("change range ends before it starts")
	}
	return text[:start] + c.Text + text[end:], nil
}
