package errwrap

import (
	"go/types"
	"strings"
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

// Sentinels that standard library functions return wrapped.
var (
	fileSentinels = []string{"io/fs.ErrNotExist", "io/fs.ErrExist", "io/fs.ErrPermission", "io/fs.ErrClosed", "os.ErrDeadlineExceeded"}
	netSentinels  = []string{"net.ErrClosed", "os.ErrDeadlineExceeded"}
	httpSentinels = []string{"context.Canceled", "context.DeadlineExceeded", "io.EOF", "io.ErrUnexpectedEOF", "os.ErrDeadlineExceeded", "net.ErrClosed"}
	numSentinels  = []string{"strconv.ErrSyntax", "strconv.ErrRange"}
	execSentinels = []string{"os/exec.ErrNotFound", "os/exec.ErrDot"}
)

// stdSummary describes the errors returned by the standard library
// function fn, or returns nil when fn is not in the standard library. A
// function errwrap knows nothing special about returns its errors as they
// are (documented sentinels such as io.EOF, sql.ErrNoRows and
// http.ErrServerClosed are returned unwrapped), which is the default for
// unknown origins anyway.
func stdSummary(fn *types.Func) *summary {
	path := fn.Pkg().Path()
	if !isStd(path) {
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
	qual := fn.Pkg().Name() + "." + name
	if recv != "" {
		qual = "(" + fn.Pkg().Name() + "." + recv + ")." + name
	}
	wrapped := func(keys []string, how string) *summary {
		s := &summary{direct: errSet{any: true}, site: how, from: qual}
		for _, k := range keys {
			s.wrapped.add(k)
		}
		return s
	}
	switch path {
	case "os":
		switch recv {
		case "", "File", "Root":
			if name == "Exit" || name == "Getenv" {
				break
			}
			return wrapped(fileSentinels, "wrapped in *fs.PathError, *os.LinkError or *os.SyscallError")
		}
	case "io/ioutil":
		return wrapped(fileSentinels, "wrapped in *fs.PathError")
	case "net":
		return wrapped(netSentinels, "wrapped in *net.OpError")
	case "net/http":
		switch {
		case recv == "" && (name == "Get" || name == "Post" || name == "Head" || name == "PostForm"),
			recv == "Client" && (name == "Do" || name == "Get" || name == "Post" || name == "Head" || name == "PostForm"):
			return wrapped(httpSentinels, "wrapped in *url.Error")
		}
	case "strconv":
		if recv == "" && (strings.HasPrefix(name, "Parse") || name == "Atoi") {
			return wrapped(numSentinels, "wrapped in *strconv.NumError")
		}
	case "os/exec":
		switch {
		case recv == "" && name == "LookPath",
			recv == "Cmd" && (name == "Start" || name == "Run" || name == "Output" || name == "CombinedOutput"):
			return wrapped(execSentinels, "wrapped in *exec.Error")
		}
	}
	return &summary{direct: errSet{any: true}}
}

// isStd reports whether an import path belongs to the standard library.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
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
