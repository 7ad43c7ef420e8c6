package unclosed

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/release"
	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// A kindInfo is one resource the analyzer tracks, with the words its
// messages use.
type kindInfo struct {
	name    string // for facts' String
	varName string // the usual variable name, for a discarded result
	kind    *release.Kind
	what    string // "response body of", "rows", ...
	verb    string // "closed"
	gerund  string // "closing"
	harm    string // what goes wrong at run time
	fix     func(name string) string
	short   func(name string) string
}

// kinds are the resources, in the order of summaryFact.Kinds.
var kinds = []kindInfo{
	{
		name:    "body",
		varName: "resp",
		kind:    bodyKind,
		what:    "response",
		verb:    "closed",
		gerund:  "closing the body of",
		harm:    "so its connection is never reused and the transport leaks it",
		fix: func(n string) string {
			return fmt.Sprintf("defer %s.Body.Close() right after the error check", n)
		},
		short: func(n string) string { return fmt.Sprintf("close %s.Body", n) },
	},
	sqlKind("rows", "result set", "closed", "closing", "so it holds its database connection until the garbage collector finds it",
		"Close", []string{"DB.Query", "DB.QueryContext", "Tx.Query", "Tx.QueryContext", "Conn.QueryContext", "Stmt.Query", "Stmt.QueryContext"}, "Rows"),
	sqlKind("stmt", "statement", "closed", "closing", "so the prepared statement stays open on the server and holds its connections",
		"Close", []string{"DB.Prepare", "DB.PrepareContext", "Conn.PrepareContext"}, "Stmt"),
	sqlKind("conn", "connection", "closed", "closing", "so it never goes back to the pool",
		"Close", []string{"DB.Conn"}, "Conn"),
	sqlKind("tx", "transaction", "committed or rolled back", "ending", "so it holds its connection, and any locks it took, until the process exits",
		"Rollback", []string{"DB.Begin", "DB.BeginTx", "Conn.BeginTx"}, "Tx"),
}

// bodyKind is the body of an *http.Response.
var bodyKind = &release.Kind{
	Acquires: func(c *ssa.CallCommon) (int, int, bool) {
		f := ssax.Callee(c)
		if f == nil {
			return 0, 0, false
		}
		if typesx.IsFunc(f, "net/http", "Get", "Post", "Head", "PostForm") ||
			typesx.IsMethod(f, "net/http", "Client", "Do", "Get", "Post", "Head", "PostForm") ||
			typesx.IsMethod(f, "net/http", "Transport", "RoundTrip") ||
			typesx.IsMethod(f, "net/http", "RoundTripper", "RoundTrip") {
			if roundTripsInMemory(c, f) {
				return 0, 0, false
			}
			return 0, 1, true
		}
		// An interface's Do(*http.Request) (*http.Response, error): the
		// usual seam in front of an *http.Client.
		if c.IsInvoke() && f.Name() == "Do" && isDoSignature(c.Signature()) {
			return 0, 1, true
		}
		return 0, 0, false
	},
	Releases: func(c *ssa.CallCommon, arg int) bool {
		f := ssax.Callee(c)
		if f == nil || f.Name() != "Close" {
			return false
		}
		return arg == release.Recv || (arg == 0 && isMethodFunc(f))
	},
	Member: func(owner types.Type, field int) bool {
		if !typesx.IsNamed(owner, "net/http", "Response") {
			return false
		}
		st, ok := owner.Underlying().(*types.Struct)
		return ok && field < st.NumFields() && st.Field(field).Name() == "Body"
	},
	Borrows: func(c *ssa.CallCommon, f *types.Func, arg int) bool {
		if f == nil {
			return false
		}
		if arg == release.Recv {
			return true // Read, or another method of the body
		}
		if isMethodFunc(f) && arg == 0 && typesx.IsMethod(f, "net/http", "Response", "Cookies", "Location", "ProtoAtLeast") {
			return true
		}
		return stdReaderParam(f, c, arg)
	},
	Handle: closerOr(func(t types.Type) bool {
		return typesx.IsPointerTo(t, "net/http", "Response")
	}),
}

// roundTripsInMemory reports whether call c of f sends its request through
// a Transport the function built on an in-memory connection of its own
// (httputil.DumpRequestOut's shape): a `&http.Transport{...}` allocated
// here, directly or as the Transport of a `&http.Client{...}` allocated
// here, whose every dialer field is set to a function literal or function
// that returns only nil, a value it allocates itself (a fake net.Conn), or
// an end of net.Pipe. Such a function writes both sides of the wire: the
// reply is its own script, and nothing of the network's is held.
func roundTripsInMemory(c *ssa.CallCommon, f *types.Func) bool {
	var recv ssa.Value
	switch {
	case c.IsInvoke():
		recv = c.Value
	case len(c.Args) > 0:
		recv = c.Args[0]
	default:
		return false
	}
	recv = stripInterface(recv)
	if typesx.IsPointerTo(recv.Type(), "net/http", "Client") {
		if f.Name() != "Do" && f.Name() != "Get" && f.Name() != "Post" && f.Name() != "Head" && f.Name() != "PostForm" {
			return false
		}
		var t ssa.Value
		if !onlyFieldStores(recv, "Client", func(field string, val ssa.Value) bool {
			if field != "Transport" {
				return true
			}
			if t != nil {
				return false
			}
			t = stripInterface(val)
			return true
		}) || t == nil {
			return false
		}
		recv = t
	}
	if !typesx.IsPointerTo(recv.Type(), "net/http", "Transport") {
		return false
	}
	dialers := 0
	ok := onlyFieldStores(recv, "Transport", func(field string, val ssa.Value) bool {
		switch field {
		case "Dial", "DialContext", "DialTLS", "DialTLSContext":
			dialers++
			return dialsInMemory(val)
		}
		return true
	})
	return ok && dialers > 0
}

// stripInterface returns the concrete value behind interface conversions.
func stripInterface(v ssa.Value) ssa.Value {
	for range 8 {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return v
		}
	}
	return v
}

// onlyFieldStores reports whether v is a struct of net/http's type typ
// allocated in its function whose fields are only ever written one at a
// time (never replaced whole, never handed to code other than its own
// methods), calling store for every field store; store's false is the
// answer.
func onlyFieldStores(v ssa.Value, typ string, store func(field string, val ssa.Value) bool) bool {
	alloc, ok := v.(*ssa.Alloc)
	if !ok || !typesx.IsPointerTo(alloc.Type(), "net/http", typ) {
		return false
	}
	st, ok := typesx.Deref(alloc.Type()).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for _, r := range ssax.Referrers(alloc) {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok {
			switch r := r.(type) {
			case *ssa.DebugRef, *ssa.MakeInterface:
				// the Transport put into a Client: followed there
			case *ssa.Call, *ssa.Defer:
				// its own methods (RoundTrip, CloseIdleConnections)
				cc := r.(ssa.CallInstruction).Common()
				if !ssax.IsMethodCall(cc, "net/http", typ) || len(cc.Args) == 0 || cc.Args[0] != ssa.Value(alloc) {
					return false
				}
			default:
				return false // *t = other, or handed to code that may change it
			}
			continue
		}
		if fa.Field >= st.NumFields() {
			return false
		}
		name := st.Field(fa.Field).Name()
		for _, x := range ssax.Referrers(fa) {
			switch x := x.(type) {
			case *ssa.Store:
				if !store(name, x.Val) {
					return false
				}
			case *ssa.UnOp, *ssa.DebugRef:
			default:
				return false // &t.Dial handed on
			}
		}
	}
	return true
}

// dialsInMemory reports whether dialer fn returns only nil, values it
// allocates itself, or ends of net.Pipe as its connection.
func dialsInMemory(fn ssa.Value) bool {
	var f *ssa.Function
	switch x := fn.(type) {
	case *ssa.MakeClosure:
		f, _ = x.Fn.(*ssa.Function)
	case *ssa.Function:
		f = x
	}
	if f == nil || len(f.Blocks) == 0 {
		return false
	}
	returns := 0
	for _, b := range f.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if len(ret.Results) == 0 || !inMemoryConn(ret.Results[0], 0) {
			return false
		}
		returns++
	}
	return returns > 0
}

// inMemoryConn reports whether v is nil, a value allocated in its own
// function, or an end of net.Pipe (through a captured variable too).
func inMemoryConn(v ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	v = stripInterface(v)
	switch x := v.(type) {
	case *ssa.Const:
		return x.Value == nil
	case *ssa.Alloc:
		return true
	case *ssa.Extract:
		call, ok := x.Tuple.(*ssa.Call)
		return ok && ssax.IsCall(call.Common(), "net", "Pipe")
	case *ssa.Phi:
		for _, e := range x.Edges {
			if !inMemoryConn(e, depth+1) {
				return false
			}
		}
		return true
	case *ssa.UnOp:
		// A load of a variable: every value stored in it.
		if x.Op != token.MUL {
			return false
		}
		cell, ok := bound(x.X).(*ssa.Alloc)
		if !ok {
			return false
		}
		stores := 0
		for _, r := range ssax.Referrers(cell) {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != ssa.Value(cell) || !inMemoryConn(r.Val, depth+1) {
					return false
				}
				stores++
			case *ssa.UnOp, *ssa.DebugRef, *ssa.MakeClosure:
			default:
				return false
			}
		}
		return stores > 0
	case *ssa.FreeVar:
		return inMemoryConn(bound(x), depth+1)
	}
	return false
}

// bound returns what the enclosing function binds to free variable v (the
// value itself for anything else), or nil when closures disagree.
func bound(v ssa.Value) ssa.Value {
	x, ok := v.(*ssa.FreeVar)
	if !ok {
		return v
	}
	f := x.Parent()
	idx := -1
	for i, fv := range f.FreeVars {
		if fv == x {
			idx = i
		}
	}
	binding := ssa.Value(nil)
	for _, mc := range ssax.ClosuresOf(f) {
		if idx < 0 || idx >= len(mc.Bindings) || (binding != nil && binding != mc.Bindings[idx]) {
			return nil
		}
		binding = mc.Bindings[idx]
	}
	return binding
}

// isDoSignature reports whether sig is func(*http.Request) (*http.Response, error).
func isDoSignature(sig *types.Signature) bool {
	if sig.Params().Len() != 1 || sig.Results().Len() != 2 {
		return false
	}
	return typesx.IsPointerTo(sig.Params().At(0).Type(), "net/http", "Request") &&
		typesx.IsPointerTo(sig.Results().At(0).Type(), "net/http", "Response")
}

// stdReaderParam reports whether f is a function of the standard library
// outside net/http whose parameter at arg is declared io.Reader: such
// functions read from the reader and never close it (net/http's request
// constructors do: the transport closes a request body).
func stdReaderParam(f *types.Func, c *ssa.CallCommon, arg int) bool {
	if f.Pkg() == nil || !typesx.IsStdPath(f.Pkg().Path()) || strings.HasPrefix(f.Pkg().Path(), "net/http") {
		return false
	}
	sig, ok := f.Type().(*types.Signature)
	if !ok {
		return false
	}
	i := arg
	if sig.Recv() != nil && !c.IsInvoke() {
		i-- // Args[0] is the receiver
	}
	if i < 0 || i >= sig.Params().Len() {
		return false
	}
	pt := sig.Params().At(i).Type()
	return typesx.IsNamed(pt, "io", "Reader")
}

// sqlKind describes a database/sql handle of type *sql.<typ>, acquired
// by the listed methods (Type.Method) and released by release (and, for a
// transaction, Commit too).
func sqlKind(name, what, verb, gerund, harm, rel string, ctors []string, typ string) kindInfo {
	k := &release.Kind{
		Acquires: func(c *ssa.CallCommon) (int, int, bool) {
			f := ssax.Callee(c)
			if f == nil || f.Pkg() == nil || f.Pkg().Path() != "database/sql" {
				return 0, 0, false
			}
			_, recv, name := typesx.MethodOf(f)
			for _, m := range ctors {
				if m == recv+"."+name {
					return 0, 1, true
				}
			}
			return 0, 0, false
		},
		Releases: func(c *ssa.CallCommon, arg int) bool {
			f := ssax.Callee(c)
			if f == nil {
				return false
			}
			if arg != release.Recv && (arg != 0 || !isMethodFunc(f)) {
				return false
			}
			if typ == "Tx" {
				return f.Name() == "Commit" || f.Name() == "Rollback"
			}
			return f.Name() == rel
		},
		Borrows: func(_ *ssa.CallCommon, f *types.Func, arg int) bool {
			if f == nil {
				return false
			}
			// The handle's own methods use it (rows.Scan, tx.Exec).
			return (arg == 0 && typesx.IsMethod(f, "database/sql", typ)) || arg == release.Recv
		},
		Handle: closerOr(func(t types.Type) bool {
			return typesx.IsPointerTo(t, "database/sql", typ)
		}),
	}
	if typ == "Rows" {
		// `for rows.Next()` closes the rows when Next returns false.
		k.ReleasedOn = func(cond ssa.Value, isAlias func(ssa.Value) bool) (int, bool) {
			call, ok := cond.(*ssa.Call)
			if !ok || len(call.Call.Args) == 0 || !isAlias(call.Call.Args[0]) {
				return 0, false
			}
			if f := ssax.Callee(&call.Call); f != nil && typesx.IsMethod(f, "database/sql", "Rows", "Next") {
				return 1, true
			}
			return 0, false
		}
	}
	short := func(n string) string { return fmt.Sprintf("close %s", n) }
	fix := func(n string) string { return fmt.Sprintf("defer %s.Close() right after the error check", n) }
	if typ == "Tx" {
		short = func(n string) string { return fmt.Sprintf("commit or roll back %s", n) }
		fix = func(n string) string {
			return fmt.Sprintf("defer %s.Rollback() right after the error check (it is a no-op once %s.Commit() has succeeded)", n, n)
		}
	}
	return kindInfo{name: name, varName: name, kind: k, what: what, verb: verb, gerund: gerund, harm: harm, fix: fix, short: short}
}

// closerOr extends is to interface and type-parameter types whose method
// set has Close: helpers taking an io.Closer or io.ReadCloser can release
// any of the resources.
func closerOr(is func(types.Type) bool) func(types.Type) bool {
	return func(t types.Type) bool {
		if is(t) {
			return true
		}
		if !types.IsInterface(t) {
			return false
		}
		obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "Close")
		_, ok := obj.(*types.Func)
		return ok
	}
}

func isMethodFunc(f *types.Func) bool {
	sig, ok := f.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}
