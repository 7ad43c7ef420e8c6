// Package realbugs reconstructs published double closes and sends on
// closed channels from real projects, next to the fix that closed them.
// Every buggy case that doubleclose can decide precisely carries a want
// comment; a buggy case without one says why the analysis stays silent.
package realbugs

import (
	"errors"
	"sync"
)

type object struct{}

func marshal(objs []object) {}

// parquetGoFlushObjs: xitongsys/parquet-go issue #236, PR #211
// (writer.flushObjs). Each worker's deferred function closes doneChan
// when it recovers from a panic, then sends on it: on that path the send
// panics again, on the closed channel.
func parquetGoFlushObjs(objs []object, np int) error {
	doneChan := make(chan int)
	var err error
	for c := 0; c < np; c++ {
		go func() {
			defer func() {
				if r := recover(); r != nil {
					switch x := r.(type) {
					case string:
						err = errors.New(x)
					case error:
						err = x
					default:
						err = errors.New("unknown error")
					}
					close(doneChan)
				}
				doneChan <- 0 // want `send on doneChan panics: doneChan is already closed at line [0-9]+ on this path`
			}()
			marshal(objs)
		}()
	}
	for c := 0; c < np; c++ {
		<-doneChan
	}
	return err
}

// parquetGoFlushObjsFixed: the fix replaces doneChan with a WaitGroup.
func parquetGoFlushObjsFixed(objs []object, np int) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var err error
	for c := 0; c < np; c++ {
		wg.Add(1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					err = errors.New("panic in marshal")
					mu.Unlock()
				}
				wg.Done()
			}()
			marshal(objs)
		}()
	}
	wg.Wait()
	return err
}
