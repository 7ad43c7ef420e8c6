package realbugs

import "sync"

// gansidui/gotcp#8: Server.Start launched a goroutine whose first act was
// waitGroup.Add(1); Stop's Wait could run before it and return at once.

type tcpServer struct {
	waitGroup *sync.WaitGroup
	exit      chan struct{}
}

func (s *tcpServer) Start() {
	go func() {
		s.waitGroup.Add(1) // want `s.waitGroup.Add is called inside the goroutine it counts: the Wait at line 23`
		defer s.waitGroup.Done()
		<-s.exit
	}()
}

func (s *tcpServer) Stop() {
	close(s.exit)
	s.waitGroup.Wait()
}

// The fix: Add before the go statement.

type tcpServerFixed struct {
	waitGroup *sync.WaitGroup
	exit      chan struct{}
}

func (s *tcpServerFixed) Start() {
	s.waitGroup.Add(1)
	go func() {
		defer s.waitGroup.Done()
		<-s.exit
	}()
}

func (s *tcpServerFixed) Stop() {
	close(s.exit)
	s.waitGroup.Wait()
}
