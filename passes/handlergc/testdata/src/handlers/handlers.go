package handlers

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
)

type Server struct{ data [][]byte }

// A full collection per upload.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.data = append(s.data, b)
	runtime.GC() // want `runtime.GC\(\) runs on every request of HTTP handler Server.upload`
}

// Through a helper of the package.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.data = nil
	s.compact()
}

func (s *Server) compact() {
	debug.FreeOSMemory() // want `debug.FreeOSMemory\(\) runs on every request of HTTP handler Server.ServeHTTP \(through compact\)`
}

// A literal registered as a handler.
func routes(mux *http.ServeMux) {
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) {
		runtime.GC() // want `runtime.GC\(\) runs on every request of HTTP handler literal in routes`
	})
}

// A heap profile needs a collection first: fine.
func profile(w http.ResponseWriter, r *http.Request) {
	runtime.GC()
	pprof.WriteHeapProfile(w)
}

// An admin endpoint named for what it does: fine.
func freeMemory(w http.ResponseWriter, r *http.Request) {
	debug.FreeOSMemory()
}

// Not a handler: fine.
func main() {
	runtime.GC()
}

// A gRPC service implementation.
type UnimplementedStoreServer struct{}

type storeServer struct {
	UnimplementedStoreServer
}

type PutRequest struct{}
type PutReply struct{}

func (s *storeServer) Put(ctx context.Context, req *PutRequest) (*PutReply, error) {
	runtime.GC() // want `runtime.GC\(\) runs on every request of gRPC handler storeServer.Put`
	return &PutReply{}, nil
}
