package realbugs

import "sync"

// Ranges nobody ends: a goroutine ranging over a channel returns only when
// the channel is closed; when the producers forget to close it, the
// ranging goroutine (and whoever waits for it) blocks forever.

type event struct{ key string }

// minkWatch32 reconstructs acorn-io/mink PR #32 ("Close result channel":
// failing to close it leaked goroutines): the producer of a watch's
// results returned without closing the result channel, and the goroutine
// forwarding them ranged over it forever.
func minkWatch32(list func() []event, out func(event)) {
	result := make(chan event)
	go func() {
		for _, e := range list() {
			result <- e
		}
	}()
	go func() {
		for e := range result { // want `for range over result never ends: nothing closes result`
			out(e)
		}
	}()
}

// minkWatch32Fixed: the producer closes the channel when it is done.
func minkWatch32Fixed(list func() []event, out func(event)) {
	result := make(chan event)
	go func() {
		defer close(result)
		for _, e := range list() {
			result <- e
		}
	}()
	go func() {
		for e := range result { // ok: closed by the producer
			out(e)
		}
	}()
}

type object struct{ size int64 }

// s5cmdSelect370 reconstructs peak/s5cmd PR #370 ("close result channel
// to fix hang"): the writer goroutine ranged over the results and closed
// writeDone when the range ended; nothing closed the results, so the
// range never ended, writeDone was never closed and the command hung
// waiting for it.
func s5cmdSelect370(objects []object, write func(object)) {
	results := make(chan object)
	writeDone := make(chan struct{})
	go func() {
		defer close(writeDone)
		for o := range results { // want `for range over results never ends: nothing closes results`
			write(o)
		}
	}()
	var wg sync.WaitGroup
	for _, o := range objects {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- o
		}()
	}
	wg.Wait()
	<-writeDone
}

// s5cmdSelect370Fixed: results is closed once every sender is done.
func s5cmdSelect370Fixed(objects []object, write func(object)) {
	results := make(chan object)
	writeDone := make(chan struct{})
	go func() {
		defer close(writeDone)
		for o := range results { // ok: closed after Wait
			write(o)
		}
	}()
	var wg sync.WaitGroup
	for _, o := range objects {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- o
		}()
	}
	wg.Wait()
	close(results)
	<-writeDone
}

type ruleTask struct{ key string }

// etcdRulesWorker112 reconstructs IBM-Cloud/go-etcd-rules PR #112: once
// several goroutines wrote to the work channel, the channel could no
// longer be closed by its writer, and the workers ranging over it had no
// way to end. The fix gave the workers a done channel to select on.
type etcdRulesWorker112 struct {
	work chan ruleTask
}

func newEtcdRulesWorker112(n int) *etcdRulesWorker112 {
	w := &etcdRulesWorker112{work: make(chan ruleTask)}
	for i := 0; i < n; i++ {
		go w.do()
	}
	return w
}

func (w *etcdRulesWorker112) do() {
	for t := range w.work { // want `for range over w.work never ends: nothing in this package closes w.work`
		_ = t
	}
}

func (w *etcdRulesWorker112) submit(t ruleTask) { w.work <- t }

type etcdRulesWorker112Fixed struct {
	work chan ruleTask
	done chan struct{}
}

func newEtcdRulesWorker112Fixed(n int) *etcdRulesWorker112Fixed {
	w := &etcdRulesWorker112Fixed{work: make(chan ruleTask), done: make(chan struct{})}
	for i := 0; i < n; i++ {
		go w.do()
	}
	return w
}

func (w *etcdRulesWorker112Fixed) do() {
	for {
		select {
		case t := <-w.work: // ok: leaves on done
			_ = t
		case <-w.done:
			return
		}
	}
}

func (w *etcdRulesWorker112Fixed) submit(t ruleTask) {
	select {
	case w.work <- t:
	case <-w.done:
	}
}

func (w *etcdRulesWorker112Fixed) Stop() { close(w.done) }
