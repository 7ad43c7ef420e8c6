//go:build unix

package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/leakvet/leakvet/passes"
)

// BenchmarkSaveToDiagnostics measures what a user feels: the time from
// didSave to the publishDiagnostics of the saved file, with all of
// leakvet's checks, through an in-process server (the pipe stands for
// stdin and stdout).
//
//	warm: the cache holds the last analysis; only the saved file changed
//	      (a comment appended, so its package is analyzed again while its
//	      dependencies are replayed).
//	cold: a new server with an empty cache (the go command's build cache
//	      stays warm): didOpen to the first diagnostics.
//
// Between two saves the server is left to finish the packages that
// depend on the saved one (raft/bench for raft), so that they do not
// delay the next measurement; for net/http, with dozens of dependents in
// the standard library, their analysis is switched off instead.
//
// Targets: hashicorp/raft@v1.8.0 (a copy of the module from the module
// cache, downloaded if need be, edited on disk; file_snapshot.go) and
// net/http from GOROOT (not writable: the "saved" text reaches the server
// as an unsaved buffer, through the overlay, which analyzes the same
// way). Each iteration is one measurement; the median is reported as
// median-ms. Run:
//
//	go test -run XXX -bench SaveToDiagnostics -benchtime=10x ./internal/lsp/
func BenchmarkSaveToDiagnostics(b *testing.B) {
	raft := raftCopy(b)
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		b.Fatalf("go env GOROOT: %v", err)
	}
	goroot := strings.TrimSpace(string(out))
	targets := []struct {
		name, root, file string
		onDisk, noDeps   bool
	}{
		{"raft", raft, filepath.Join(raft, "file_snapshot.go"), true, false},
		{"nethttp", filepath.Join(goroot, "src"), filepath.Join(goroot, "src", "net", "http", "server.go"), false, true},
	}
	for _, tg := range targets {
		b.Run(tg.name+"/warm", func(b *testing.B) {
			if tg.root == "" {
				b.Skip("hashicorp/raft@v1.8.0 is not available")
			}
			testHookNoDependents = tg.noDeps
			defer func() { testHookNoDependents = false }()
			cache := b.TempDir()
			h := newBenchServer(b, tg.root, cache)
			defer h.close()
			original, err := os.ReadFile(tg.file)
			if err != nil {
				b.Fatal(err)
			}
			h.open(tg.file, string(original))
			h.waitIdle()
			var times, cpus []time.Duration
			b.ResetTimer()
			for i := range b.N {
				text := string(original) + fmt.Sprintf("\n// edit %d %d\n", i, time.Now().UnixNano())
				cpu := cpuTime()
				start := time.Now()
				if tg.onDisk {
					if err := os.WriteFile(tg.file, []byte(text), 0o644); err != nil {
						b.Fatal(err)
					}
				}
				h.change(tg.file, text)
				h.save(tg.file)
				h.waitDiagnostics(tg.file)
				times = append(times, time.Since(start))
				cpus = append(cpus, cpuTime()-cpu)
				b.StopTimer()
				h.waitIdle() // the dependents, analyzed after the file's package
				b.StartTimer()
			}
			b.StopTimer()
			if tg.onDisk {
				if err := os.WriteFile(tg.file, original, 0o644); err != nil {
					b.Fatal(err)
				}
			}
			reportMedian(b, times)
			reportCPU(b, cpus)
		})
		b.Run(tg.name+"/cold", func(b *testing.B) {
			if tg.root == "" {
				b.Skip("hashicorp/raft@v1.8.0 is not available")
			}
			original, err := os.ReadFile(tg.file)
			if err != nil {
				b.Fatal(err)
			}
			var times, cpus []time.Duration
			for range b.N {
				b.StopTimer()
				cache, err := os.MkdirTemp("", "leakvet-bench-cache")
				if err != nil {
					b.Fatal(err)
				}
				h := newBenchServer(b, tg.root, cache)
				b.StartTimer()
				cpu := cpuTime()
				start := time.Now()
				h.open(tg.file, string(original))
				h.waitDiagnostics(tg.file)
				times = append(times, time.Since(start))
				cpus = append(cpus, cpuTime()-cpu)
				b.StopTimer()
				h.close()
				_ = os.RemoveAll(cache) // best effort: a temporary directory
				b.StartTimer()
			}
			reportMedian(b, times)
			reportCPU(b, cpus)
		})
	}
}

func reportMedian(b *testing.B, times []time.Duration) {
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	median := times[len(times)/2]
	if len(times)%2 == 0 {
		median = (times[len(times)/2-1] + times[len(times)/2]) / 2
	}
	b.ReportMetric(float64(median.Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[0].Microseconds())/1000, "min-ms")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
}

// reportCPU reports the median CPU time (user and system, of this process
// and of the go commands it ran) per measurement: on a machine shared with
// other work, the part of the latency that is the server's own.
func reportCPU(b *testing.B, cpus []time.Duration) {
	sort.Slice(cpus, func(i, j int) bool { return cpus[i] < cpus[j] })
	b.ReportMetric(float64(cpus[len(cpus)/2].Microseconds())/1000, "median-cpu-ms")
}

// cpuTime is the CPU time used so far by this process and its waited-for
// children.
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	// Getrusage fails only for an unknown who or a bad pointer.
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(children.Utime) + tv(children.Stime)
}

// raftCopy returns a writable copy of hashicorp/raft@v1.8.0, or "" when
// the go command cannot get it.
func raftCopy(b *testing.B) string {
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/hashicorp/raft@v1.8.0").Output()
	if err != nil {
		return ""
	}
	var mod struct{ Dir string }
	if json.Unmarshal(out, &mod) != nil || mod.Dir == "" {
		return ""
	}
	dst := filepath.Join(b.TempDir(), "raft")
	if err := os.CopyFS(dst, os.DirFS(mod.Dir)); err != nil {
		b.Fatal(err)
	}
	err = filepath.WalkDir(dst, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if d.IsDir() {
			mode = 0o755
		}
		return os.Chmod(path, mode)
	})
	if err != nil {
		b.Fatal(err)
	}
	dl := exec.Command("go", "mod", "download")
	dl.Dir = dst
	if err := dl.Run(); err != nil {
		return ""
	}
	return dst
}

type benchServer struct {
	b      *testing.B
	client *testClient
	idle   chan struct{}
	served <-chan error
}

func newBenchServer(b *testing.B, root, cache string) *benchServer {
	idle := make(chan struct{}, 1)
	testHookIdle = func() {
		select {
		case idle <- struct{}{}:
		default:
		}
	}
	c, served := startServer(b, Options{Analyzers: passes.All(), CacheDir: cache, Log: benchLog()})
	h := &benchServer{b: b, client: c, idle: idle, served: served}
	var init initializeResult
	if err := c.conn.Call(context.Background(), "initialize", initializeParams{RootURI: fileURI(root)}, &init); err != nil {
		b.Fatal(err)
	}
	c.notify(b, "initialized", struct{}{})
	return h
}

func (h *benchServer) open(name, text string) {
	h.client.notify(h.b, "textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: fileURI(name), LanguageID: "go", Version: 1, Text: text}})
}

func (h *benchServer) change(name, text string) {
	h.client.notify(h.b, "textDocument/didChange", didChangeParams{TextDocument: versionedTextDocumentIdentifier{URI: fileURI(name)},
		ContentChanges: []contentChange{{Text: text}}})
}

func (h *benchServer) save(name string) {
	h.client.notify(h.b, "textDocument/didSave", didSaveParams{TextDocument: textDocumentIdentifier{URI: fileURI(name)}})
}

func (h *benchServer) waitDiagnostics(name string) {
	uri := fileURI(name)
	deadline := time.After(10 * time.Minute)
	for {
		select {
		case r := <-h.client.notes:
			if r.Method == "window/showMessage" {
				h.b.Logf("showMessage: %s", *r.Params)
			}
			if r.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p publishDiagnosticsParams
			if err := json.Unmarshal(*r.Params, &p); err != nil {
				h.b.Fatalf("publishDiagnostics: %v", err)
			}
			if p.URI == uri {
				return
			}
		case <-deadline:
			h.b.Fatalf("no diagnostics for %s in 10 minutes", name)
		}
	}
}

// waitIdle waits until the worker has nothing left to do, and drops the
// notifications sent until then.
func (h *benchServer) waitIdle() {
	defer func() {
		for {
			select {
			case <-h.client.notes:
			default:
				return
			}
		}
	}()
	for {
		select {
		case <-h.idle:
			// Idle unless something was queued since: look again shortly.
			select {
			case <-h.idle:
			case <-time.After(200 * time.Millisecond):
				return
			}
		case <-h.client.notes:
		case <-time.After(10 * time.Minute):
			h.b.Fatal("the server did not go idle in 10 minutes")
		}
	}
}

func (h *benchServer) close() {
	if err := h.client.conn.Call(context.Background(), "shutdown", nil, nil); err != nil {
		h.b.Fatal(err)
	}
	h.client.notify(h.b, "exit", nil)
	if err := <-h.served; err != nil {
		h.b.Fatalf("Serve after shutdown and exit: %v", err)
	}
	_ = h.client.conn.Close() // fails only if already closed, as after the server's exit
	testHookIdle = nil
}

// benchLog is where the server's log goes: stderr with LEAKVET_LSP_LOG=1.
func benchLog() io.Writer {
	if os.Getenv("LEAKVET_LSP_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}
