package realbugs

import "sync"

// moby/libnetwork#2679 (moby/moby#42545, fixes moby/moby#46661):
// getSvcRecords locked the network and then the controller, while
// processEndpointDelete locked the controller and then, through
// network.ID(), the network.

type controller struct {
	sync.Mutex
	svcRecords map[string][]string
}

type network struct {
	sync.Mutex
	id  string
	ctl *controller
}

func (n *network) ID() string {
	n.Lock()
	defer n.Unlock()
	return n.id
}

func (n *network) getSvcRecords() []string {
	n.Lock()
	defer n.Unlock()
	n.ctl.Lock()
	defer n.ctl.Unlock()
	return n.ctl.svcRecords[n.id]
}

func (c *controller) processEndpointDelete(n *network) {
	c.Lock()
	defer c.Unlock()
	delete(c.svcRecords, n.ID()) // want `lock order inversion: n.Mutex \(by the call to \(\*network\).ID\) is acquired while holding c.Mutex`
}

// The fix: read the network's id before taking the controller's lock.

type controllerFixed struct {
	sync.Mutex
	svcRecords map[string][]string
}

type networkFixed struct {
	sync.Mutex
	id  string
	ctl *controllerFixed
}

func (n *networkFixed) ID() string {
	n.Lock()
	defer n.Unlock()
	return n.id
}

func (n *networkFixed) getSvcRecords() []string {
	n.Lock()
	defer n.Unlock()
	n.ctl.Lock()
	defer n.ctl.Unlock()
	return n.ctl.svcRecords[n.id]
}

func (c *controllerFixed) processEndpointDelete(n *networkFixed) {
	id := n.ID()
	c.Lock()
	defer c.Unlock()
	delete(c.svcRecords, id)
}
