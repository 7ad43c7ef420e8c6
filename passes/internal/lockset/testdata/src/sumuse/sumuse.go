package sumuse

import "sum"

func probe() {}

func use(s *sum.Store) {
	s.Lock()         // want `op Lock s.mu holds=true fresh=true key=Store.mu via=\(\*sum.Store\).Lock`
	probe()          // want `must=\[s.mu\] may=\[s.mu\]`
	s.Get("k")       // want `op Lock s.mu holds=false fresh=true`
	s.Unlock()       // want `op Unlock s.mu holds=false fresh=false`
	probe()          // want `must=\[\] may=\[\]`
	sum.WithGlobal() // want `op Lock Global holds=false fresh=true key=sum.Global`
	s.InnerOp()      // want `op Lock s.inner.mu holds=false fresh=true key=Inner.mu via=\(\*sum.Store\).InnerOp,\(\*Inner\).Do`
}
