//go:build go1.21

// Reconstructions of published loop-variable bugs, in files with the
// pre-Go-1.22 semantics they were written under: one variable for the
// whole loop. Each bug sits next to the fix that shipped, which must stay
// silent.
package realbugs

import (
	"context"
	"sync"
	"testing"
)

// etcd-io/etcd#1217 ("main: not use loop variable in goroutine in loop
// body"): every peer goroutine may dial the last URL.
func startPeers(urls []string) {
	for _, u := range urls {
		go func() {
			dial(u) // want `loop variable u is captured by the goroutine started at line [0-9]+, which may run after the iteration ends: before Go 1.22 \(this file is go1.21\) the loop at line [0-9]+ has one u`
		}()
	}
}

// The fix passes the URL as an argument.
func startPeersFixedOk(urls []string) {
	for _, u := range urls {
		go func(u string) {
			dial(u)
		}(u)
	}
}

type sandbox struct{ id string }

type sandboxStats struct{ id string }

func podSandboxStats(context.Context, sandbox) (*sandboxStats, error) { return nil, nil }

// containerd/containerd#11042 (ListPodSandboxStats): the goroutines read
// the shared sb, and store into stats[i] through the shared i, so several
// write the same slot and some slots stay nil. The WaitGroup is waited on
// after the loop, too late.
func listPodSandboxStats(ctx context.Context, sandboxes []sandbox) []*sandboxStats {
	stats := make([]*sandboxStats, len(sandboxes))
	var wg sync.WaitGroup
	for i, sb := range sandboxes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := podSandboxStats(ctx, sb) // want `loop variable sb is captured by the goroutine started`
			if err != nil {
				return
			}
			stats[i] = s // want `loop variable i is captured by the goroutine started`
		}()
	}
	wg.Wait()
	return stats
}

// The fix passes both as arguments.
func listPodSandboxStatsFixedOk(ctx context.Context, sandboxes []sandbox) []*sandboxStats {
	stats := make([]*sandboxStats, len(sandboxes))
	var wg sync.WaitGroup
	for i, sb := range sandboxes {
		wg.Add(1)
		go func(i int, sb sandbox) {
			defer wg.Done()
			s, err := podSandboxStats(ctx, sb)
			if err != nil {
				return
			}
			stats[i] = s
		}(i, sb)
	}
	wg.Wait()
	return stats
}

// Group has the shape of golang.org/x/sync/errgroup.Group.
type Group struct{ wg sync.WaitGroup }

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() { defer g.wg.Done(); f() }()
}

func (g *Group) Wait() error { g.wg.Wait(); return nil }

type target struct{ name string }

type readyProber struct{ targets []target }

func (p readyProber) probeOne(target) error { return nil }

// k0sproject/k0s#3483 (readyProber.Probe): the errgroup funcs may all
// probe the last target; a //nolint:govet had hidden vet's report.
func (p readyProber) probe() error {
	var g Group
	for _, target := range p.targets {
		g.Go(func() error {
			return p.probeOne(target) // want `loop variable target is captured by the func passed to Group.Go`
		})
	}
	return g.Wait()
}

// The fix copies the variable at the top of the body.
func (p readyProber) probeFixedOk() error {
	var g Group
	for _, target := range p.targets {
		target := target
		g.Go(func() error {
			return p.probeOne(target)
		})
	}
	return g.Wait()
}

type message struct{ name string }

type subscription struct{ name string }

func (s *subscription) GetName() string { return s.name }

type receiver struct{}

func (receiver) Receive(ctx context.Context, f func(context.Context, *message)) {}

// google/cloudprober#433 (pubsub lister): the callback handed to a
// goroutine's Receive reads the shared sub, so every subscription's
// messages are filed under the last subscription's name.
func listSubscriptions(ctx context.Context, subs []*subscription, r receiver, cache map[string]string) {
	for _, sub := range subs {
		go r.Receive(ctx, func(ctx context.Context, msg *message) {
			cache[sub.GetName()] = msg.name // want `loop variable sub is captured by the goroutine started`
		})
	}
}

// The fix copies sub inside the loop.
func listSubscriptionsFixedOk(ctx context.Context, subs []*subscription, r receiver, cache map[string]string) {
	for _, sub := range subs {
		sub := sub
		go r.Receive(ctx, func(ctx context.Context, msg *message) {
			cache[sub.GetName()] = msg.name
		})
	}
}

type pool struct {
	mu   sync.Mutex
	data []string
	size int
}

// syke99/gworker#2 (Pool.runWithAutoRefill): a three-clause loop's i is
// one variable; the workers index the data sources with whatever i is
// when they run, often p.size. The lock in the worker guards p.data, not
// i, which is a loop variable: still reported.
func (p *pool) run(work func(string), done chan struct{}) {
	for i := 0; i < p.size; i++ {
		go func(p *pool, done chan struct{}) {
			defer func() { done <- struct{}{} }()
			p.mu.Lock()
			ds := p.data[i] // want `loop variable i is captured by the goroutine started`
			p.mu.Unlock()
			work(ds)
		}(p, done)
	}
}

// The fix passes i.
func (p *pool) runFixedOk(work func(string), done chan struct{}) {
	for i := 0; i < p.size; i++ {
		go func(p *pool, i int, done chan struct{}) {
			defer func() { done <- struct{}{} }()
			p.mu.Lock()
			ds := p.data[i]
			p.mu.Unlock()
			work(ds)
		}(p, i, done)
	}
}

type fastIntMapCase struct{ n int }

// cockroachdb/cockroach#86488 (TestFastIntMap), and the same shape in
// prometheus/prometheus#11205 (TestInitialUpdate) and moby/moby#44013: a
// parallel subtest starts after t.Run returns, so with high probability
// only the last case runs, several times.
func testFastIntMap(t *testing.T, cases []fastIntMapCase) {
	for _, tc := range cases {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			check(tc.n) // want `loop variable tc is captured by the parallel subtest`
		})
	}
}

// The fix: tc := tc before t.Run.
func testFastIntMapFixedOk(t *testing.T, cases []fastIntMapCase) {
	for _, tc := range cases {
		tc := tc
		t.Run("", func(t *testing.T) {
			t.Parallel()
			check(tc.n)
		})
	}
}

type authzModel struct {
	ID              string
	IdentifierValue string
}

type authzPB struct {
	ID         *string
	Identifier *string
}

func modelToAuthzPB(am *authzModel) *authzPB {
	return &authzPB{ID: &am.ID, Identifier: &am.IdentifierValue}
}

// letsencrypt/boulder, the 2020-02-29 CAA rechecking incident
// (authz2ModelMapToPB): &v of the range variable is passed to a function
// that keeps pointers into it, so every element points into the same
// variable and the CAA recheck looked at one domain N times. Deliberately
// silent: no func literal captures v, and seeing that modelToAuthzPB
// keeps its argument's address needs pointer analysis across calls, which
// loopcapture does not do (a closure is a capture the analyzer can see;
// an address handed to an arbitrary callee is not).
func authzModelMapToPB(m map[string]authzModel) []*authzPB {
	var out []*authzPB
	for _, v := range m {
		out = append(out, modelToAuthzPB(&v))
	}
	return out
}

// The fix copies v into a variable declared in the body.
func authzModelMapToPBFixedOk(m map[string]authzModel) []*authzPB {
	var out []*authzPB
	for _, v := range m {
		v := v
		out = append(out, modelToAuthzPB(&v))
	}
	return out
}

type queryCase struct{ queries []string }

func doQuery(string, int) {}

// cockroachdb/cockroach#82324 (the loopvarcapture linter's PR): the
// WaitGroup is waited on at the end of each outer iteration, which looks
// safe, but the inner loop has already moved query on by then. The outer
// variable tc is safe: nothing overwrites it before the Wait.
func runQueries(cases []queryCase) {
	var wg sync.WaitGroup
	for i, tc := range cases {
		wg.Add(len(tc.queries))
		for _, query := range tc.queries {
			go func() {
				defer wg.Done()
				doQuery(query, len(tc.queries)+i) // want `loop variable query is captured by the goroutine started`
			}()
		}
		wg.Wait()
	}
}

// The fix passes query; tc and i stay captured, correctly.
func runQueriesFixedOk(cases []queryCase) {
	var wg sync.WaitGroup
	for i, tc := range cases {
		wg.Add(len(tc.queries))
		for _, query := range tc.queries {
			go func(query string) {
				defer wg.Done()
				doQuery(query, len(tc.queries)+i)
			}(query)
		}
		wg.Wait()
	}
}

type workloadTweaks struct{ pools []string }

type workloadSpec struct{ tweaks []workloadTweaks }

// openyurtio/openyurt#2229 ("yurtappset always the last tweaks make
// effect"), and the same in open-policy-agent/opa#5550: the address of the
// range variable is appended, so every element points to one variable,
// holding the last tweak.
func nodePoolTweaks(spec workloadSpec, related func(workloadTweaks) bool) []*workloadTweaks {
	var list []*workloadTweaks
	for _, tweak := range spec.tweaks {
		if related(tweak) {
			list = append(list, &tweak) // want `the address of loop variable tweak is appended to a slice at line \d+, which outlives the iteration`
		}
	}
	return list
}

// The fix (and opa's) copies the variable first.
func nodePoolTweaksFixedOk(spec workloadSpec, related func(workloadTweaks) bool) []*workloadTweaks {
	var list []*workloadTweaks
	for _, tweak := range spec.tweaks {
		if related(tweak) {
			t := tweak
			list = append(list, &t)
		}
	}
	return list
}

func dial(string) {}

func check(int) {}
