package a

type fetcher struct {
	inflight *struct {
		done chan struct{}
		err  error
	}
}

// Not a bug: the in-flight record is an anonymous struct written twice
// (the field's type and the literal); its done channel is made here.
func (f *fetcher) fetch() error {
	w := f.inflight
	if w == nil {
		w = &struct {
			done chan struct{}
			err  error
		}{done: make(chan struct{})}
		f.inflight = w
		go func() {
			defer close(w.done)
		}()
	}
	<-w.done
	return w.err
}
