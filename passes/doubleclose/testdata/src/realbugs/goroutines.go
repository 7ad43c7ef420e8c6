package realbugs

import (
	"context"
	"sync"
)

// Closes in several goroutines.

// dnadesignFilterData: Koeng101/dnadesign issue #54 ("I cannot create
// two workers for something like filter data because the channel can be
// closed while another worker is processing data"): each pipeline stage
// closes its output when it returns.
func dnadesignFilterData(ctx context.Context, input <-chan int, output chan<- int, filter func(int) bool) error { // want dnadesignFilterData:`closes p2`
	defer close(output)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case data, ok := <-input:
			if !ok {
				return nil
			}
			if filter(data) {
				output <- data
			}
		}
	}
}

// dnadesignTwoWorkers: the usage the issue wanted, two workers of the
// stage on one output: the second to return closes output again.
func dnadesignTwoWorkers(ctx context.Context, input <-chan int, output chan int, filter func(int) bool, numWorkers int) {
	for i := 0; i < numWorkers; i++ {
		go dnadesignFilterData(ctx, input, output, filter) // want `close of output runs in every goroutine started at line [0-9]+ in a loop: the second goroutine to close it panics`
	}
}

// dnadesignFilterDataFixed: the fix from the issue, the stage no longer
// closes; the caller closes once after wg.Wait().
func dnadesignFilterDataFixed(wg *sync.WaitGroup, ctx context.Context, input <-chan int, output chan<- int, filter func(int) bool) error {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case data, ok := <-input:
			if !ok {
				return nil
			}
			if filter(data) {
				output <- data
			}
		}
	}
}

func dnadesignTwoWorkersFixed(ctx context.Context, input <-chan int, output chan int, filter func(int) bool, numWorkers int) { // want dnadesignTwoWorkersFixed:`closes p2`
	var wg sync.WaitGroup
	for i := 0; i < numWorkers; i++ {
		wg.Add(1)
		go dnadesignFilterDataFixed(&wg, ctx, input, output, filter)
	}
	wg.Wait()
	close(output)
}

type task struct{ run func() error }

type workerPool struct {
	wg    sync.WaitGroup
	tasks chan *task
}

// cilium3Submit and cilium3Close: cilium/workerpool PR #3. Close closes
// wp.tasks while a concurrent Submit, past its wg.Add, still sends on it:
// "panic: write to closed channel". Silent: the send and the close are in
// two methods called from two goroutines; neither function shows the
// other.
func (wp *workerPool) cilium3Submit(f func() error) {
	wp.wg.Add(1)
	wp.tasks <- &task{run: f}
}

func (wp *workerPool) cilium3Close() { // want cilium3Close:`closes p0.1`
	close(wp.tasks)
	wp.wg.Wait()
}

// cilium3CloseFixed: the fix waits for the submitted tasks first.
func (wp *workerPool) cilium3CloseFixed() { // want cilium3CloseFixed:`closes p0.1`
	wp.wg.Wait()
	close(wp.tasks)
}
