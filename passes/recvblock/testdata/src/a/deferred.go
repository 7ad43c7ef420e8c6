package a

// Shape 6: waiting for a close this function itself defers.

func waitOwnClose(work func()) {
	done := make(chan struct{})
	defer close(done)
	work()
	<-done // want `receive from done blocks forever: the only close of done is deferred by waitOwnClose itself`
}

func waitOtherClose(work func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	<-done // ok: the goroutine closes it
}

type server struct {
	stopped chan struct{}
}

func newServer() *server { return &server{stopped: make(chan struct{})} }

func (s *server) serve() {
	defer close(s.stopped)
	<-s.stopped // want `receive from s.stopped blocks forever: the only close of s.stopped is deferred by serve itself`
}

type okServer struct {
	stopped chan struct{}
}

func newOkServer() *okServer { return &okServer{stopped: make(chan struct{})} }

func (s *okServer) serve() {
	defer close(s.stopped)
}

func (s *okServer) Start() { go s.serve() }

func (s *okServer) Wait() { <-s.stopped } // ok: serve closes it on return
