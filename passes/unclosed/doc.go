// Package unclosed defines an Analyzer that reports HTTP response bodies and
// database handles not released on some path.
//
// # Analyzer unclosed
//
// unclosed: response body, rows, statement or connection not closed, or transaction not ended, on some path
//
// An *http.Response's Body that is never closed keeps its connection out
// of the transport's pool for good; *sql.Rows, *sql.Stmt and *sql.Conn
// left open hold a database connection until the garbage collector happens
// to find them, and an *sql.Tx neither committed nor rolled back holds its
// connection, and the locks it took, for as long as the process lives.
// unclosed follows each one on SSA from the call that returns it
// (http.Get, Post, Head, PostForm; Client.Do, Get, Post, Head, PostForm;
// Transport.RoundTrip and any RoundTripper or Do(*http.Request) interface;
// DB, Conn, Tx and Stmt Query; DB and Conn Prepare; DB.Conn; DB and Conn
// Begin) and reports the first return (or the loop coming back to the
// call) it can reach without closing it.
//
// WRONG:
//
//	resp, err := http.Get(url)
//	if err != nil {
//		return err
//	}
//	if resp.StatusCode != http.StatusOK {
//		return fmt.Errorf("status %s", resp.Status) // the body is never closed
//	}
//	defer resp.Body.Close()
//
// RIGHT:
//
//	resp, err := http.Get(url)
//	if err != nil {
//		return err
//	}
//	defer resp.Body.Close()
//	if resp.StatusCode != http.StatusOK {
//		return fmt.Errorf("status %s", resp.Status)
//	}
//
// Helpers count, in this package and others: a function that closes the
// body (or rows, or ends the transaction) of its parameter on every path,
// such as drainAndClose(resp) or a deferred closeRows(rows), releases it at
// the call; one that only reads it (io.ReadAll, json.NewDecoder, a
// function of yours that scans rows) leaves it to the caller; a function
// that returns a response it got from Client.Do is itself a source, so its
// callers must close what it returns. These summaries cross packages as
// facts.
//
// Deliberately not reported, because the code may well be right:
//
//   - the error branch of the acquiring call (`if err != nil`), and any
//     branch on which the value is nil; an error that is handed to a helper
//     before any `err != nil` test leaves the branches unclear, and the
//     acquisition is not reported;
//   - a value that is returned, stored in a field, a map, a slice or a
//     global, sent on a channel, captured by a closure that is not simply
//     called or deferred, passed to a function that keeps it or closes it
//     only on some paths, or to code nothing is known about (a method of
//     an interface, a function value): whoever gets it may close it;
//   - rows read until rows.Next() returns false, which closes them;
//   - paths that end in a panic, os.Exit, log.Fatal or another call that
//     does not return;
//   - a round trip through a Transport the function builds on an
//     in-memory connection of its own (httputil.DumpRequestOut's shape): an
//     `&http.Transport{...}` allocated there, alone or as the Transport of
//     an `&http.Client{...}` allocated there, whose dialers are set only to
//     functions returning a value they allocate (a fake net.Conn) or an end
//     of net.Pipe; the function writes both sides of the wire, and the reply
//     it discards is its own script;
//   - statements prepared on a transaction (closed with it), and *sql.Row
//     (Scan closes it);
//   - code in _test.go files: tests end with their process and often
//     discard a response on purpose (a request expected to fail);
//   - generated files.
//
// The analyzer has no flags.
package unclosed
