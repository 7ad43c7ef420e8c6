package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// The cache keeps, per analyzed package, its diagnostics and facts under a
// key that covers everything they depend on: the analyzers and their flags
// (the salt), the go command's version, GOROOT and target platform (which
// stand for the standard library), the build tags, the package's files,
// and the keys of its dependencies. An entry is one file; entries unused for a
// week are deleted, at most once a day.

type cache struct {
	dir string
}

// cacheEntry is what a package's analysis leaves for later runs.
type cacheEntry struct {
	Results map[string]AnalyzerResult
	Facts   []storedFact
}

const (
	cacheEntryTTL  = 7 * 24 * time.Hour
	cacheTrimEvery = 24 * time.Hour
)

func openCache(dir string) *cache { return &cache{dir: dir} }

func (c *cache) file(key string) string {
	return filepath.Join(c.dir, key[:2], key+".gob")
}

func (c *cache) get(key string) *cacheEntry {
	name := c.file(key)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var e cacheEntry
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&e) != nil {
		return nil
	}
	// Mark it used, coarsely, so trimming keeps it.
	if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > time.Hour {
		now := time.Now()
		_ = os.Chtimes(name, now, now) // best effort: an unmarked entry is only trimmed sooner
	}
	return &e
}

// put stores an entry; failures only cost a later run its speed.
func (c *cache) put(key string, e *cacheEntry) {
	for _, r := range e.Results {
		if r.Err != "" {
			return // an analyzer failed: let the next run try again
		}
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(e) != nil {
		return
	}
	name := c.file(key)
	if os.MkdirAll(filepath.Dir(name), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), name) != nil {
		_ = os.Remove(tmp.Name()) // best effort: a stray temporary file is trimmed later
	}
}

// trim deletes entries unused for cacheEntryTTL, at most once per
// cacheTrimEvery.
func (c *cache) trim() {
	marker := filepath.Join(c.dir, "trimmed")
	if fi, err := os.Stat(marker); err == nil && time.Since(fi.ModTime()) < cacheTrimEvery {
		return
	}
	if os.MkdirAll(c.dir, 0o755) != nil || os.WriteFile(marker, nil, 0o644) != nil {
		return
	}
	cutoff := time.Now().Add(-cacheEntryTTL)
	subdirs, _ := os.ReadDir(c.dir)
	for _, sub := range subdirs {
		if !sub.IsDir() {
			continue
		}
		entries, _ := os.ReadDir(filepath.Join(c.dir, sub.Name()))
		for _, e := range entries {
			if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
				_ = os.Remove(filepath.Join(c.dir, sub.Name(), e.Name())) // best effort: trimmed next time
			}
		}
	}
}

// computeKeys gives every package that could be replayed its cache key.
// Files are hashed in parallel; keys, which build on the dependencies'
// keys, in dependency order.
func (g *graph) computeKeys() {
	fileHashes := make([]string, len(g.nodes))
	var wg sync.WaitGroup
	work := make(chan int)
	var errMu sync.Mutex
	var firstErr error
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				h, err := hashFiles(g.nodes[i])
				if err != nil {
					errMu.Lock()
					firstErr = err
					errMu.Unlock()
				}
				fileHashes[i] = h
			}
		}()
	}
	for i, n := range g.nodes {
		if n.mode >= modeTypes {
			work <- i
		}
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		// A file that cannot be read: the run reports it; no caching.
		g.cache = nil
		return
	}
	for i, n := range g.nodes {
		if n.mode < modeTypes {
			continue
		}
		h := sha256.New()
		fmt.Fprintf(h, "leakvet cache v1\n%s\n%s\n%s\n%s\n%d\n%s\n",
			g.cfg.CacheSalt, g.buildEnv, g.cfg.Tags, n.lp.ImportPath, n.mode, goVersionOf(n.lp, g.toolchain))
		_, _ = io.WriteString(h, fileHashes[i]) // a hash.Hash never returns an error
		for _, dep := range n.imports {
			fmt.Fprintf(h, "dep %s %s\n", dep.lp.ImportPath, g.depKey(dep))
		}
		if n.mode == modeTypes {
			// Its facts are those of the plain package.
			if plain := g.byID[n.lp.path()]; plain != nil {
				fmt.Fprintf(h, "facts %s\n", plain.key)
			}
		}
		n.key = hex.EncodeToString(h.Sum(nil))
	}
}

// depKey is what identifies a dependency's contribution to a key. The
// standard library, which is not analyzed, is identified by the build
// environment (in every key), so that a run with nothing changed needs
// no export data at all.
func (g *graph) depKey(dep *node) string {
	if dep.mode == modeExport {
		return "std"
	}
	return dep.key
}

func hashFiles(n *node) (string, error) {
	var b bytes.Buffer
	names := n.lp.absFiles(n.lp.CompiledGoFiles)
	if len(names) == 0 {
		names = n.lp.absFiles(n.lp.GoFiles)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "file %s %x\n", name, sum)
	}
	for _, name := range n.lp.otherFiles() {
		fmt.Fprintf(&b, "other %s\n", name)
	}
	return b.String(), nil
}

// lookupCache finds the packages whose results can be replayed.
func (g *graph) lookupCache() {
	for _, n := range g.nodes {
		if (n.mode == modeFacts || n.mode == modeFull) && n.key != "" && !n.err {
			n.hit = g.cache.get(n.key)
		}
	}
}
