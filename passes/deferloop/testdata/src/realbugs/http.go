package realbugs

import (
	"database/sql"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// golang/go#32110 ("http client memory leak", closed as not a Go bug): a
// polling loop in main deferred every response body's Close; memory grew
// with every request.
func poll(client *http.Client, url string) {
	for {
		res, err := client.Get(url)
		if err != nil {
			return
		}
		defer res.Body.Close() // want `defer res.Body.Close\(\) in the loop at line [0-9]+ runs only when poll returns`
		io.Copy(io.Discard, res.Body)
		time.Sleep(time.Second)
	}
}

// The fix closes the body at the end of each pass.
func pollFixedOk(client *http.Client, url string) {
	for {
		res, err := client.Get(url)
		if err != nil {
			return
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		time.Sleep(time.Second)
	}
}

// deckarep/gosx-notifier#7 ("sample app: mem leak"): the pinger loops
// forever, so its deferred closes never run at all.
func pinger(url string, ok func(bool)) {
	for {
		res, err := http.Get(url)
		if err == nil {
			defer res.Body.Close() // want `defer res.Body.Close\(\) in the loop at line [0-9]+ never runs: the loop has no exit`
			ok(res.StatusCode == http.StatusOK)
		}
		time.Sleep(time.Minute)
	}
}

type issue struct{ Title string }

type page struct {
	Items []issue
	Next  string
}

// cncf/automation#294 ("resp.Body defer leak inside loop in
// SearchTOCIssues"): each page of search results keeps its connection
// until every page is fetched.
func searchIssues(client *http.Client, url string) ([]issue, error) {
	var all []issue
	for url != "" {
		resp, err := client.Get(url)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close() // want `defer resp.Body.Close\(\) in the loop at line [0-9]+ runs only when searchIssues returns`
		var p page
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		url = p.Next
	}
	return all, nil
}

// The fix (SongStitch/song-stitch#75 did the same): a func literal per
// page, whose defer runs at the end of the iteration.
func searchIssuesFixedOk(client *http.Client, url string) ([]issue, error) {
	var all []issue
	for url != "" {
		var p page
		err := func() error {
			resp, err := client.Get(url)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			return json.NewDecoder(resp.Body).Decode(&p)
		}()
		if err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		url = p.Next
	}
	return all, nil
}

type carbonOutput struct{ addr string }

// mozilla-services/heka#334 ("fix memory and socket leak in carbon
// output"): a loop over an input channel that dialled per message; the
// connections stayed open until the channel closed, usually never.
func (o *carbonOutput) run(in chan []byte) error {
	for data := range in {
		conn, err := net.Dial("tcp", o.addr)
		if err != nil {
			return err
		}
		defer conn.Close() // want `defer conn.Close\(\) in the loop at line [0-9]+ runs only when run returns`
		conn.Write(data)
	}
	return nil
}

// The fix: the body in a function.
func (o *carbonOutput) runFixedOk(in chan []byte) error {
	for data := range in {
		if err := o.send(data); err != nil {
			return err
		}
	}
	return nil
}

func (o *carbonOutput) send(data []byte) error {
	conn, err := net.Dial("tcp", o.addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write(data)
	return err
}

// A poller that defers inside a ticker case: the ticker fires on every
// pass, so every response stays open until the poller returns (the
// golang/go#32110 loop, written with a ticker).
func pollTicker(client *http.Client, url string, done chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			res, err := client.Get(url)
			if err != nil {
				continue
			}
			defer res.Body.Close() // want `defer res.Body.Close\(\) in the loop at line [0-9]+ runs only when pollTicker returns`
			io.Copy(io.Discard, res.Body)
		case <-done:
			return
		}
	}
}

// The same with time.Tick.
func pollTick(client *http.Client, url string, done chan struct{}) {
	tick := time.Tick(time.Second)
	for {
		select {
		case <-tick:
			res, err := client.Get(url)
			if err != nil {
				continue
			}
			defer res.Body.Close() // want `defer res.Body.Close\(\) in the loop at line [0-9]+ runs only when pollTick returns`
			io.Copy(io.Discard, res.Body)
		case <-done:
			return
		}
	}
}

// A one-shot timer's case fires at most once per call: one deferred
// close, held until return on purpose. Silent, as the analysis cannot
// tell a case that fires once from one that fires on every pass unless
// the channel is a ticker's.
func pollOnceOk(client *http.Client, url string, timer *time.Timer, done chan struct{}) {
	for {
		select {
		case <-timer.C:
			res, err := client.Get(url)
			if err != nil {
				continue
			}
			defer res.Body.Close()
			io.Copy(io.Discard, res.Body)
		case <-done:
			return
		}
	}
}

// A worker that defers rows.Close() per job received: reported only if
// the select is over a ticker. A jobs channel may deliver one job or many;
// the analysis does not know, so it stays silent.
func workerOk(db *sql.DB, jobs chan string, done chan struct{}) {
	for {
		select {
		case q := <-jobs:
			rows, err := db.Query(q)
			if err != nil {
				continue
			}
			defer rows.Close()
		case <-done:
			return
		}
	}
}

type cache struct {
	mu    sync.Mutex
	items map[string]string
}

// The same mutex locked on every pass with a deferred unlock: the second
// pass deadlocks. No single published report; the mutex form of the
// defer-in-loop reviews above, with the mutex a field of the receiver
// (c.mu), which go/ssa re-addresses on every pass.
func (c *cache) evict(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock() // want `defer c.mu.Unlock\(\) in the loop at line [0-9]+: the mutex stays locked until evict returns`
		delete(c.items, k)
	}
}

// The fix unlocks in the iteration.
func (c *cache) evictFixedOk(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		delete(c.items, k)
		c.mu.Unlock()
	}
}

// A ticker stopped in the loop may fire once: silent, as for a timer.
func pollStoppedOk(client *http.Client, url string, done chan struct{}) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
			t.Stop()
			res, err := client.Get(url)
			if err != nil {
				continue
			}
			defer res.Body.Close()
		case <-done:
			return
		}
	}
}

type shard struct {
	mu    sync.Mutex
	items map[string]string
}

// Each pass locks a different shard's mutex, all released on return: a
// deliberate way to hold a set of locks. Silent.
func lockShardsOk(shards []*shard) {
	for _, s := range shards {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
}

type orcaServer struct {
	orcaMu sync.Mutex
}

// The shape of grpc-go's interop testServer.FullDuplexCall (v1.85.0): the
// lock is taken on the first pass that needs it, and a flag set in the
// same branch keeps later passes out. One deferred unlock per call: silent.
func (s *orcaServer) fullDuplexOk(recv func() (bool, error)) error {
	hasLock := false
	for {
		report, err := recv()
		if err != nil {
			return err
		}
		if report {
			if !hasLock {
				s.orcaMu.Lock()
				defer s.orcaMu.Unlock()
				hasLock = true
			}
		}
	}
}

// A flag that a later branch clears again lets the guarded code run on
// another pass: reported.
func (s *orcaServer) relock(recv func() (bool, error)) error {
	hasLock := false
	for {
		report, err := recv()
		if err != nil {
			return err
		}
		if !hasLock {
			s.orcaMu.Lock()
			defer s.orcaMu.Unlock() // want `defer s.orcaMu.Unlock\(\) in the loop at line \d+: the mutex stays locked until relock returns`
			hasLock = true
		}
		if !report {
			hasLock = false
		}
	}
}
