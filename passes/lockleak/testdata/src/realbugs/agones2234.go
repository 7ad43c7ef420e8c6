package realbugs

import (
	"errors"
	"sync"
)

// agones-dev/agones#2234, SDKServer.updateState: an error return left
// gsUpdateMutex locked.

type sdkServer struct {
	gsUpdateMutex sync.RWMutex
	gsLabels      map[string]string
}

func (s *sdkServer) updateState(get func() (map[string]string, error)) error {
	s.gsUpdateMutex.RLock()
	labels, err := get()
	if err != nil {
		return err // want `s.gsUpdateMutex locked at line 17 is still held at this return`
	}
	for k, v := range s.gsLabels {
		labels[k] = v
	}
	s.gsUpdateMutex.RUnlock()
	if len(labels) == 0 {
		return errors.New("no labels")
	}
	return nil
}

// The fix: unlock on the error path too.

type sdkServerFixed struct {
	gsUpdateMutex sync.RWMutex
	gsLabels      map[string]string
}

func (s *sdkServerFixed) updateState(get func() (map[string]string, error)) error {
	s.gsUpdateMutex.RLock()
	labels, err := get()
	if err != nil {
		s.gsUpdateMutex.RUnlock()
		return err
	}
	for k, v := range s.gsLabels {
		labels[k] = v
	}
	s.gsUpdateMutex.RUnlock()
	if len(labels) == 0 {
		return errors.New("no labels")
	}
	return nil
}
