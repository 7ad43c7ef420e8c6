package realbugs

import "sync"

// kubesphere/kubesphere#5941, utils/clusterclient: GetInnerCluster could
// try to take the write lock while its own read lock was still held.

type clusterClients struct {
	sync.RWMutex
	innerClusters map[string]*int
}

func (c *clusterClients) GetInnerCluster(name string) *int {
	c.RLock()
	if cl, ok := c.innerClusters[name]; ok {
		c.RUnlock()
		return cl
	}
	v := new(int)
	c.Lock() // want `deadlock: c.RWMutex.Lock\(\) while this goroutine holds its read lock`
	c.innerClusters[name] = v
	c.Unlock()
	c.RUnlock()
	return v
}

// The fix: release the read lock before taking the write lock.

type clusterClientsFixed struct {
	sync.RWMutex
	innerClusters map[string]*int
}

func (c *clusterClientsFixed) GetInnerCluster(name string) *int {
	c.RLock()
	if cl, ok := c.innerClusters[name]; ok {
		c.RUnlock()
		return cl
	}
	c.RUnlock()
	c.Lock()
	defer c.Unlock()
	if cl, ok := c.innerClusters[name]; ok {
		return cl
	}
	v := new(int)
	c.innerClusters[name] = v
	return v
}
