package realbugs

import (
	"context"
	"sync"
)

// Fields: the channel lives in a struct, made in a constructor, and is
// sent on and received from by methods that run on different goroutines.
// The package model (chanflow.Package) sees every store and use of an
// unexported field: when its only receiver is a loop that can leave on a
// stop channel or ctx.Done(), a plain send elsewhere blocks forever once
// that loop has left.

type status struct{}

type etcdNode struct {
	status chan chan status
	stop   chan struct{}
	done   chan struct{}
}

func newEtcdNode() *etcdNode {
	return &etcdNode{
		status: make(chan chan status),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
}

func (n *etcdNode) run() {
	for {
		select {
		case c := <-n.status:
			c <- status{}
		case <-n.stop:
			close(n.done)
			return
		}
	}
}

// etcd6857Status: etcd PR #6857 (raft node.Status; goker
// blocking/etcd/6857). Once run has returned, nothing receives from
// n.status and Status blocks forever.
func (n *etcdNode) etcd6857Status() status {
	c := make(chan status)
	n.status <- c // want `send on n.status blocks forever once run has returned: its loop, the only receiver, leaves on <-n.stop \(line 38\); select on n.stop in the send too`
	return <-c
}

// etcd6857StatusFixed: the fix selects on n.done as well.
func (n *etcdNode) etcd6857StatusFixed() status {
	c := make(chan status)
	select {
	case n.status <- c:
		return <-c
	case <-n.done:
		return status{}
	}
}

type exitStatus int

type istioAgent struct {
	mu           sync.Mutex
	statusCh     chan exitStatus
	currentEpoch int
	activeEpochs map[int]struct{}
}

func newIstioAgent() *istioAgent {
	return &istioAgent{statusCh: make(chan exitStatus), activeEpochs: make(map[int]struct{})}
}

// Run drains a.statusCh until ctx is done or no epoch is active.
func (a *istioAgent) Run(ctx context.Context) {
	for {
		select {
		case s := <-a.statusCh:
			a.mu.Lock()
			delete(a.activeEpochs, int(s))
			active := len(a.activeEpochs)
			a.mu.Unlock()
			if active == 0 {
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

func (a *istioAgent) Restart() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.currentEpoch++
	a.activeEpochs[a.currentEpoch] = struct{}{}
	go a.istio17860RunWait(a.currentEpoch)
}

// istio17860RunWait: Istio PR #17860 (pilot-agent; goker
// blocking/istio/17860). Once Run has returned on ctx.Done(), the epochs
// still running block on a.statusCh forever.
func (a *istioAgent) istio17860RunWait(epoch int) {
	a.statusCh <- exitStatus(epoch) // want `send on a.statusCh blocks forever once Run has returned: its loop, the only receiver, leaves on <-ctx.Done\(\)`
}

// istio17860RunWaitFixed: the sender gives up once the agent's context is
// done (the fix threads ctx to the waiter).
func (a *istioAgent) istio17860RunWaitFixed(ctx context.Context, epoch int) {
	select {
	case a.statusCh <- exitStatus(epoch):
	case <-ctx.Done():
	}
}
