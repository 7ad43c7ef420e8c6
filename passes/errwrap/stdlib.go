package errwrap

import (
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// Knowledge of the standard library is built in: some drivers never
// analyze std, so no facts exist for it.

// stdAliases folds sentinels that the standard library re-exports under
// another name into one key.
var stdAliases = map[string]string{
	"os.ErrInvalid":    "io/fs.ErrInvalid",
	"os.ErrPermission": "io/fs.ErrPermission",
	"os.ErrExist":      "io/fs.ErrExist",
	"os.ErrNotExist":   "io/fs.ErrNotExist",
	"os.ErrClosed":     "io/fs.ErrClosed",
}

// Sentinels that standard library functions return wrapped, most telling
// first (messages name the first ones).
var (
	fileSentinels = []string{"io/fs.ErrNotExist", "io/fs.ErrPermission", "io/fs.ErrExist", "io/fs.ErrClosed", "os.ErrDeadlineExceeded"}
	netSentinels  = []string{"os.ErrDeadlineExceeded", "net.ErrClosed"}
	httpSentinels = []string{"context.DeadlineExceeded", "context.Canceled", "io.EOF", "io.ErrUnexpectedEOF", "os.ErrDeadlineExceeded", "net.ErrClosed"}
	numSentinels  = []string{"strconv.ErrSyntax", "strconv.ErrRange"}
	execSentinels = []string{"os/exec.ErrNotFound", "os/exec.ErrDot"}
	ctxSentinels  = []string{"context.Canceled", "context.DeadlineExceeded"}
)

// Error types the standard library returns, by key.
const (
	pathErrorKey  = "type *io/fs.PathError"
	linkErrorKey  = "type *os.LinkError"
	opErrorKey    = "type *net.OpError"
	dnsErrorKey   = "type *net.DNSError"
	urlErrorKey   = "type *net/url.Error"
	numErrorKey   = "type *strconv.NumError"
	execErrorKey  = "type *os/exec.Error"
	exitErrorKey  = "type *os/exec.ExitError"
	errnoKey      = "type syscall.Errno"
	serverClosed  = "net/http.ErrServerClosed"
	noRowsKey     = "database/sql.ErrNoRows"
	txDoneKey     = "database/sql.ErrTxDone"
	unexpectedEOF = "io.ErrUnexpectedEOF"
)

// stdSummary describes the errors returned by the standard library
// function fn (or by golang.org/x/sys, whose errors are syscall.Errno), or
// returns nil when fn is not in the standard library. Every summary keeps
// direct.any: the table names the errors the documentation promises, not
// all the function may return. A function errwrap knows nothing special
// about returns its errors as they are, which is the default for unknown
// origins anyway.
func stdSummary(fn *types.Func) *summary {
	path := fn.Pkg().Path()
	if path == "golang.org/x/sys/unix" || path == "golang.org/x/sys/windows" {
		return stdErrors(fn, []string{errnoKey}, nil, "")
	}
	if !typesx.IsStdPath(path) {
		return nil
	}
	name := fn.Name()
	recv := ""
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			recv = n.Obj().Name()
		}
	}
	switch path {
	case "os":
		switch {
		case recv == "" && (name == "Rename" || name == "Link" || name == "Symlink"):
			return stdErrors(fn, []string{linkErrorKey}, fileSentinels, "wrapped in *os.LinkError")
		case recv == "File":
			return stdErrors(fn, []string{pathErrorKey}, fileMethodSentinels(name), "wrapped in *fs.PathError")
		case recv == "" && osPathFuncs[name], recv == "Root":
			return stdErrors(fn, []string{pathErrorKey}, fileSentinels, "wrapped in *fs.PathError")
		case recv == "" && name != "Exit" && name != "Getenv":
			return stdErrors(fn, nil, fileSentinels, "wrapped in *fs.PathError, *os.LinkError or *os.SyscallError")
		}
	case "io/ioutil":
		switch name {
		case "ReadFile", "WriteFile", "ReadDir", "TempFile", "TempDir":
			return stdErrors(fn, []string{pathErrorKey}, fileSentinels, "wrapped in *fs.PathError")
		}
		return stdErrors(fn, nil, fileSentinels, "wrapped in *fs.PathError")
	case "io/fs":
		switch name {
		case "ReadFile", "ReadDir", "Stat":
			if recv == "" {
				return stdErrors(fn, []string{pathErrorKey}, fileSentinels, "wrapped in *fs.PathError")
			}
		}
	case "path/filepath":
		if name == "EvalSymlinks" {
			return stdErrors(fn, []string{pathErrorKey}, fileSentinels, "wrapped in *fs.PathError")
		}
	case "io":
		if name == "ReadFull" || name == "ReadAtLeast" {
			return stdErrors(fn, []string{unexpectedEOF, "io.EOF"}, nil, "")
		}
	case "net":
		switch {
		case strings.HasPrefix(name, "Lookup"):
			return stdErrors(fn, []string{dnsErrorKey}, nil, "")
		case recv == "" && (strings.HasPrefix(name, "Dial") || strings.HasPrefix(name, "Listen")),
			recv == "Dialer" || recv == "ListenConfig",
			strings.HasSuffix(recv, "Conn") || strings.HasSuffix(recv, "Listener"):
			if recv != "" && !netOpMethod(name) {
				break
			}
			return stdErrors(fn, []string{opErrorKey}, netSentinels, "wrapped in *net.OpError")
		}
		// SplitHostPort, ParseCIDR, ResolveTCPAddr, ...: address errors.
	case "net/http":
		switch {
		case recv == "" && (name == "Get" || name == "Post" || name == "Head" || name == "PostForm"),
			recv == "Client" && (name == "Do" || name == "Get" || name == "Post" || name == "Head" || name == "PostForm"):
			return stdErrors(fn, []string{urlErrorKey}, httpSentinels, "wrapped in *url.Error")
		case (recv == "" || recv == "Server") && strings.HasPrefix(name, "ListenAndServe"),
			recv == "Server" && (name == "Serve" || name == "ServeTLS"):
			return stdErrors(fn, []string{serverClosed}, nil, "")
		case recv == "Server" && name == "Shutdown":
			return stdErrors(fn, ctxSentinels, nil, "")
		}
	case "context":
		if recv == "" && name == "Cause" {
			return stdErrors(fn, ctxSentinels, nil, "")
		}
	case "database/sql":
		switch {
		case recv == "Row" && name == "Scan":
			return stdErrors(fn, []string{noRowsKey}, nil, "")
		case recv == "Tx" && (name == "Commit" || name == "Rollback"):
			return stdErrors(fn, []string{txDoneKey}, nil, "")
		}
	case "strconv":
		if recv == "" && (strings.HasPrefix(name, "Parse") || name == "Atoi") {
			return stdErrors(fn, []string{numErrorKey}, numSentinels, "wrapped in *strconv.NumError")
		}
	case "os/exec":
		switch {
		case recv == "" && name == "LookPath":
			return stdErrors(fn, []string{execErrorKey}, execSentinels, "wrapped in *exec.Error")
		case recv == "Cmd" && name == "Start":
			return stdErrors(fn, []string{execErrorKey}, execSentinels, "wrapped in *exec.Error")
		case recv == "Cmd" && name == "Wait":
			return stdErrors(fn, []string{exitErrorKey}, nil, "")
		case recv == "Cmd" && (name == "Run" || name == "Output" || name == "CombinedOutput"):
			return stdErrors(fn, []string{exitErrorKey, execErrorKey}, execSentinels, "wrapped in *exec.Error")
		}
	case "syscall":
		return stdErrors(fn, []string{errnoKey}, nil, "")
	}
	return docSummary(fn)
}

// docSummary describes the errors of a standard library function the
// cases above do not know, from what its documentation names
// (stderrdoc_go1.N.go) resolved with go/types in its package: the error
// types and sentinels its doc comment names, those the standard library
// documents as returned wrapped (fs.ErrExist from os.CopyFS) as wrapped.
// A function whose documentation names no error returns its errors as
// they are, as far as errwrap knows: the other errors its package
// exports are no evidence about it.
func docSummary(fn *types.Func) *summary {
	keys := stdDocMentions(fn, universeError)
	var direct, wrapped []string
	for _, k := range keys {
		if _, _, isType := splitKey(k); !isType && stdDocWrapped(k) {
			wrapped = append(wrapped, k)
		} else {
			direct = append(direct, k)
		}
	}
	how := ""
	if len(wrapped) > 0 {
		how = "wrapped, as its documentation says"
	}
	return stdErrors(fn, direct, wrapped, how)
}

var universeError = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// netOpMethod reports whether the method name of a net connection,
// listener or dialer returns *net.OpError.
func netOpMethod(name string) bool {
	for _, p := range []string{"Dial", "Listen", "Read", "Write", "Close", "Accept", "Set", "File"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// fileMethodSentinels returns the sentinels that the *os.File method name
// can return wrapped. A method of an open file does not look a name up, so
// it cannot fail with fs.ErrNotExist: Sync, Seek and Close fail when the
// file is closed, reads and writes also on a deadline, and only the
// methods that change the file's metadata on a permission check.
func fileMethodSentinels(name string) []string {
	switch name {
	case "Read", "ReadAt", "ReadFrom", "Write", "WriteAt", "WriteString", "WriteTo":
		return []string{"io/fs.ErrClosed", "os.ErrDeadlineExceeded"}
	case "Chmod", "Chown", "Truncate", "Chdir":
		return []string{"io/fs.ErrPermission", "io/fs.ErrClosed"}
	case "Close", "Sync", "Seek", "Stat", "ReadDir", "Readdir", "Readdirnames",
		"SetDeadline", "SetReadDeadline", "SetWriteDeadline", "SyscallConn", "Fd":
		return []string{"io/fs.ErrClosed"}
	}
	return fileSentinels
}

// osPathFuncs are the functions of package os that return *fs.PathError.
var osPathFuncs = map[string]bool{
	"Open": true, "OpenFile": true, "Create": true, "OpenRoot": true, "OpenInRoot": true,
	"ReadFile": true, "WriteFile": true, "ReadDir": true, "Stat": true, "Lstat": true,
	"Mkdir": true, "MkdirAll": true, "MkdirTemp": true, "CreateTemp": true,
	"Remove": true, "RemoveAll": true, "Chdir": true, "Chmod": true, "Chown": true,
	"Lchown": true, "Chtimes": true, "Truncate": true, "Readlink": true, "CopyFS": true,
}

// stdErrors builds the summary of the standard library function fn that
// returns the errors direct (sentinels or types) and, when how is not "",
// wraps the sentinels wrapped.
func stdErrors(fn *types.Func, direct, wrapped []string, how string) *summary {
	s := &summary{direct: errSet{any: true}, std: make(map[string]bool)}
	for _, k := range direct {
		s.direct.add(k)
		s.std[k] = true
	}
	if how != "" {
		s.site, s.from = how, stdName(fn)
		for _, k := range wrapped {
			s.wrapped.add(k)
			s.std[k] = true
		}
	}
	return s
}

// stdName names fn for messages: os.Open, (http.Client).Do.
func stdName(fn *types.Func) string {
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			return "(" + fn.Pkg().Name() + "." + n.Obj().Name() + ")." + fn.Name()
		}
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// A sentinelMessage is the text of a sentinel error the package can see.
type sentinelMessage struct {
	msg  string
	pkg  string // import path
	name string // as written in code: "fs.ErrNotExist"
	key  string
}

// stdMessages are the texts of well-known standard library sentinels, in
// order of preference when several share a text.
var stdMessages = []sentinelMessage{
	{"EOF", "io", "io.EOF", "io.EOF"},
	{"unexpected EOF", "io", "io.ErrUnexpectedEOF", "io.ErrUnexpectedEOF"},
	{"io: read/write on closed pipe", "io", "io.ErrClosedPipe", "io.ErrClosedPipe"},
	{"short write", "io", "io.ErrShortWrite", "io.ErrShortWrite"},
	{"file does not exist", "os", "os.ErrNotExist", "io/fs.ErrNotExist"},
	{"file does not exist", "io/fs", "fs.ErrNotExist", "io/fs.ErrNotExist"},
	{"file already exists", "os", "os.ErrExist", "io/fs.ErrExist"},
	{"file already exists", "io/fs", "fs.ErrExist", "io/fs.ErrExist"},
	{"file already closed", "os", "os.ErrClosed", "io/fs.ErrClosed"},
	{"file already closed", "io/fs", "fs.ErrClosed", "io/fs.ErrClosed"},
	{"use of closed network connection", "net", "net.ErrClosed", "net.ErrClosed"},
	{"context canceled", "context", "context.Canceled", "context.Canceled"},
	{"context deadline exceeded", "context", "context.DeadlineExceeded", "context.DeadlineExceeded"},
	{"sql: no rows in result set", "database/sql", "sql.ErrNoRows", "database/sql.ErrNoRows"},
	{"sql: transaction has already been committed or rolled back", "database/sql", "sql.ErrTxDone", "database/sql.ErrTxDone"},
	{"sql: connection is already closed", "database/sql", "sql.ErrConnDone", "database/sql.ErrConnDone"},
	{"http: Server closed", "net/http", "http.ErrServerClosed", "net/http.ErrServerClosed"},
	{"bufio: buffer full", "bufio", "bufio.ErrBufferFull", "bufio.ErrBufferFull"},
	{"os: process already finished", "os", "os.ErrProcessDone", "os.ErrProcessDone"},
	{"executable file not found in $PATH", "os/exec", "exec.ErrNotFound", "os/exec.ErrNotFound"},
}
