package a

import "context"

type fetchResult struct{ n int }

type producer struct {
	jobs    chan int
	control chan string
}

func (p *producer) dispatch(ctx context.Context, out chan<- fetchResult) {
	out <- fetchResult{n: 1}
}

// fetchOnce starts the fetch and waits for its one result, serving other
// requests meanwhile; it returns only after the receive.
func (p *producer) fetchOnce(ctx context.Context, results chan fetchResult) {
	go p.dispatch(ctx, results)
	for {
		select {
		case r := <-results:
			_ = r
			return
		case j := <-p.jobs:
			_ = j
		}
	}
}

// Not a bug: each fetchOnce both starts the sender and receives its
// result before it returns, so the loop may leave at any time.
func (p *producer) run(ctx context.Context) {
	results := make(chan fetchResult)
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-p.control:
			if msg == "stop" {
				return
			}
			p.fetchOnce(ctx, results)
			select {
			case <-ctx.Done():
				return
			default:
			}
		}
	}
}
