package realbugs

import (
	"io"
	"sync"
)

// zimbatm/socketmaster#15: StartProcess started logOutput goroutines that
// called wg.Add(1) themselves, while the main goroutine called wg.Wait:
// "WaitGroup misuse: Add called concurrently with Wait" panics were seen.

type processGroup struct {
	wg sync.WaitGroup
}

func (p *processGroup) logOutput(r io.Reader) {
	p.wg.Add(1) // want `p.wg.Add is called inside the goroutine it counts: the Wait at line 25`
	defer p.wg.Done()
	_, _ = io.Copy(io.Discard, r)
}

func (p *processGroup) StartProcess(stdout, stderr io.Reader) {
	go p.logOutput(stdout)
	go p.logOutput(stderr)
	p.wg.Wait()
}

// The fix: Add synchronously before starting each goroutine.

type processGroupFixed struct {
	wg sync.WaitGroup
}

func (p *processGroupFixed) logOutput(r io.Reader) {
	defer p.wg.Done()
	_, _ = io.Copy(io.Discard, r)
}

func (p *processGroupFixed) StartProcess(stdout, stderr io.Reader) {
	p.wg.Add(2)
	go p.logOutput(stdout)
	go p.logOutput(stderr)
	p.wg.Wait()
}
