package crosspkg

import "lib"

func refill(p *lib.Pool, xs []int) {
	p.Lock()
	defer p.Unlock()
	for _, x := range xs {
		p.Put(x) // want `call to \(\*lib.Pool\).Put locks p.mu while it is already locked by the call to \(\*lib.Pool\).Lock`
	}
}

func refillOK(p *lib.Pool, xs []int) {
	p.Lock()
	defer p.Unlock()
	for _, x := range xs {
		p.PutLocked(x)
	}
}
