// Package errwrap defines an Analyzer that reports errors that lose their
// chain: wrapped with the wrong verb, flattened into a string, or matched in
// a way that misses a wrapped error.
//
// # Analyzer errwrap
//
// errwrap: an error loses its chain, or is matched in a way that misses a wrapped error
//
// Since Go 1.13, errors.Is and errors.As look through a chain of wrapped
// errors. The chain breaks silently when an error is formatted with a verb
// other than %w, or flattened into a string and rebuilt, and a check written
// with == or a type assertion misses an error that arrives wrapped. errwrap
// reports:
//
//   - fmt.Errorf formatting with %v, %s, %+v or %q instead of %w an error
//     (err, or err.Error() with %s) that may carry something callers match, which the flattening hides
//     from errors.Is and errors.As (with a suggested fix for %v, %s and
//     %+v). That is what a standard library function is documented to
//     return (*fs.PathError and fs.ErrNotExist from os and io/fs,
//     *net.OpError from dials and connections, *net.DNSError,
//     context.Canceled and DeadlineExceeded from ctx.Err(), *url.Error from
//     the HTTP client, http.ErrServerClosed, sql.ErrNoRows,
//     *exec.ExitError, syscall.Errno), or, for a standard library
//     function that table does not list, the exported error types and
//     sentinels its doc comment names (json.Unmarshal: *json.UnmarshalTypeError,
//     *json.SyntaxError; bufio.Reader.ReadSlice: bufio.ErrBufferFull), read
//     from a table generated per Go release from the standard library's
//     doc comments (stderrdoc_go1.N.go, go generate) and resolved with
//     go/types in the callee's package, most referred to first; an exported sentinel
//     (var ErrX = errors.New(...)) or error type of an imported package,
//     known from facts; or a sentinel or error type of this package,
//     exported or tested for by the package itself (==, errors.Is,
//     errors.As, a type assertion), that comes straight from the function
//     or from the call that produced the error. Before Go 1.20 only one %w is allowed per
//     call, so a call with several error operands is then left alone;
//   - an error flattened into a string and rebuilt, or replaced by a copy
//     of its text: errors.New(err.Error()), errors.New(fmt.Sprintf("...: %v",
//     err)), errors.New("..." + err.Error()), fmt.Errorf(err.Error()) and
//     fmt.Errorf("..." + err.Error()), when the error may carry something
//     callers match, decided as for %v above and named in the message
//     (with a suggested fix for errors.New(fmt.Sprintf(...)));
//   - err == ErrSentinel, err != ErrSentinel and switch err { case ErrSentinel: }
//     when err may hold ErrSentinel wrapped (suggested fix: errors.Is), and
//     a type assertion or type switch on an error that may be wrapped (use
//     errors.As);
//   - whatever the error's origin, the same comparisons with a sentinel the
//     standard library documents as returned wrapped or to be tested with
//     errors.Is (fs.ErrNotExist, fs.ErrExist, fs.ErrPermission,
//     fs.ErrClosed and their os names, os.ErrDeadlineExceeded,
//     net.ErrClosed, exec.ErrDot, driver.ErrBadConn: read from the same
//     generated table), with the errors.Is fix, and a type assertion or
//     type switch case of an error to an interface type (err.(net.Error),
//     err.(interface{ Temporary() bool })), which tests what the outermost
//     error implements and misses it wrapped (use errors.As; suggested fix
//     for `if v, ok := err.(T); ok && ...` where ok is used nowhere else:
//     `if v := T(nil); errors.As(err, &v) && ...`);
//   - matching an error by its text (err.Error() == "...",
//     strings.Contains(err.Error(), "...")) when the text is the message of
//     a sentinel error the package can see (use errors.Is).
//
// WRONG:
//
//	data, err := os.ReadFile(name)
//	if err != nil {
//		return fmt.Errorf("load %s: %v", name, err) // callers cannot errors.Is(err, fs.ErrNotExist)
//	}
//
//	f, err := os.Open(name)
//	if err == os.ErrNotExist { // never true: os.Open returns *fs.PathError
//		...
//	}
//
// RIGHT:
//
//	data, err := os.ReadFile(name)
//	if err != nil {
//		return fmt.Errorf("load %s: %w", name, err)
//	}
//
//	f, err := os.Open(name)
//	if errors.Is(err, os.ErrNotExist) {
//		...
//	}
//
// "May be wrapped" is decided from where the error comes from, on the SSA
// form, without following paths: a comparison or type assertion is
// reported only when the error can come from fmt.Errorf with %w,
// errors.Join, a function of this or another analyzed package that returns
// such errors (carried across packages as facts), or a standard library
// function known to wrap its errors (os and io/ioutil wrap in
// *fs.PathError, net in *net.OpError, the net/http client in *url.Error,
// strconv in *strconv.NumError, os/exec in *exec.Error). Either the
// sentinel (or type) is known to be wrapped, or an error of unknown origin
// is wrapped while every error returned as it is is known and the sentinel
// is not among them, so that it can only arrive wrapped.
//
// Deliberately not reported:
//
//   - comparisons with nil, and errors of unknown origin (parameters,
//     interface method calls, functions without facts): the standard
//     library documents many errors as returned unwrapped (io.EOF from
//     Read, sql.ErrNoRows from Scan, http.ErrServerClosed from
//     ListenAndServe), and errwrap trusts callers that rely on it;
//   - a sentinel the function also returns as it is, when what it wraps is
//     of unknown origin: that is no evidence the sentinel arrives wrapped;
//   - for the origin-independent comparisons and interface assertions: an
//     error the code made itself and never wrapped (every origin known,
//     nothing wrapped); comparisons in the package that declares the
//     sentinel (it creates it bare before wrapping it); assertions to
//     an exported interface the package declares (package net and
//     net.Error), or to one that an error type of the package implements
//     and none of the packages it imports does (the package tests for an
//     error kind of its own, which it returns as it is, as it would
//     compare with a sentinel of its own); functions that walk the chain themselves (they call
//     errors.Unwrap or an Unwrap method: an errors.Is or errors.As of their
//     own); a comparison or assertion that is a fast path before
//     errors.Is or errors.As for the same sentinel or type in the same
//     function; test helpers (a *testing.T, B, F or testing.TB parameter),
//     which pin exact errors as tests do; and assertions to the chain's
//     own interfaces (error, interface{ Unwrap() error }, interface{ Is(error) bool });
//   - a standard library function whose documentation names no error:
//     the other errors its package exports (hex.InvalidByteError for
//     hex.DecodeString) are no evidence about that function;
//   - io.EOF, unless the error comes from a standard library function known
//     to wrap it (the net/http client): readers return io.EOF unwrapped and
//     callers test it with ==, and code that wraps io.EOF itself turns
//     end-of-input into a failure on purpose;
//   - an error the code unwrapped by hand before comparing it
//     (err = pathErr.Err, errors.Unwrap(err), or a helper of the package
//     that returns such a field);
//   - a type assertion to the wrapper type itself (err.(*fs.PathError)
//     after os.Open);
//   - the Error, Unwrap, Is, As and Format methods of error types, whose job
//     is to look at one level of the chain;
//   - by default, %v of an error, or an error flattened into text, that
//     carries nothing identifiable: one of unknown origin (a parameter, an
//     interface method, a function of another package without facts), one
//     already flattened (errors.New, fmt.Errorf without %w), a value of a
//     concrete error type (the code holds it as what it is), a sentinel of
//     another module's internal package, an unexported sentinel the
//     package never matches, a sentinel of this package that comes from
//     several calls down (one of many ways a call can fail, and the text
//     says enough), and io.EOF, io.ErrUnexpectedEOF, io.ErrShortWrite
//     and the errors of encoding/asn1, which say only that input ended or
//     was malformed, and json.Marshal's errors for values it cannot
//     encode, which are bugs to fix (strconv's errors and json.Unmarshal's
//     are matched, for overflow and offsets, and are reported).
//     Formatting or flattening those is often deliberate: to keep an
//     implementation error out of a package's API, or in code written
//     before %w that copies an error's text into its own (-allverbs
//     reports them);
//   - %v or flattening of an error the function already tested for what
//     it carries (err == ErrX, err == syscall.ENOENT, errors.Is, errors.As,
//     os.IsNotExist, a type assertion): the author handled what mattered
//     to callers;
//   - fmt.Errorf calls that already use %w (the author chose what to wrap),
//     files older than Go 1.13 (no %w, errors.Is or errors.As), and verbs
//     with flags, width or precision (%-10v, %#v), or %+v of an error that
//     may format itself (github.com/pkg/errors stack traces);
//   - test files: tests pin exact errors and texts on purpose, and the
//     errors they build end in t.Fatal;
//   - an error built only to be printed: the argument of panic, of the fmt
//     print functions, of the log and log/slog functions, of the testing
//     reporting methods, or of an immediate .Error() call.
//
// # Flags
//
// -allverbs (default false): report every error operand fmt.Errorf formats
// with %v, %s, %+v or %q, and every error flattened into text and rebuilt,
// whatever its origin, as errwrap did before it learnt where errors come
// from. For code bases that wrap every error on principle.
//
// -barereturn (default false): also report `return err` where err came
// straight from a call into another package and is returned with no
// context added, in a function that is not itself an io.Reader, io.Writer
// or io.Closer method or an error method. Many teams want every error
// annotated with what the function was doing; many do not, so it is opt-in.
package errwrap
