package realbugs

import (
	"io"
)

// Errors: several senders, and the receiver stops at the first error.

type sample struct{}

type levelDB struct{}

func (l *levelDB) indexSamples([]sample) error          { return nil }
func (l *levelDB) refreshHighWatermarks([]sample) error { return nil }
func (l *levelDB) appendFingerprints([]sample) error    { return nil }

// prometheus213AppendSamples: Prometheus PR #213 (storage/metric
// leveldb.AppendSamples). Each of three goroutines reports on its own
// error channel; the first error returns, and the goroutines whose errors
// are not read yet block forever ("400 goroutines blocked on sending to
// watermarkErrChan").
func (l *levelDB) prometheus213AppendSamples(samples []sample) error {
	indexErrChan := make(chan error)
	watermarkErrChan := make(chan error)
	fingerprintErrChan := make(chan error)
	go func() {
		indexErrChan <- l.indexSamples(samples)
	}()
	go func() {
		watermarkErrChan <- l.refreshHighWatermarks(samples) // want `goroutine leaks: send on unbuffered channel watermarkErrChan blocks forever once the function returns at line [0-9]+ without receiving; give watermarkErrChan a buffer of 1`
	}()
	go func() {
		fingerprintErrChan <- l.appendFingerprints(samples) // want `goroutine leaks: send on unbuffered channel fingerprintErrChan blocks forever once the function returns at line [0-9]+ without receiving; give fingerprintErrChan a buffer of 1`
	}()
	if err := <-indexErrChan; err != nil {
		return err
	}
	if err := <-watermarkErrChan; err != nil {
		return err
	}
	return <-fingerprintErrChan
}

// prometheus213AppendSamplesFixed: the fix buffers every error channel.
func (l *levelDB) prometheus213AppendSamplesFixed(samples []sample) error {
	indexErrChan := make(chan error, 1)
	watermarkErrChan := make(chan error, 1)
	fingerprintErrChan := make(chan error, 1)
	go func() {
		indexErrChan <- l.indexSamples(samples)
	}()
	go func() {
		watermarkErrChan <- l.refreshHighWatermarks(samples)
	}()
	go func() {
		fingerprintErrChan <- l.appendFingerprints(samples)
	}()
	if err := <-indexErrChan; err != nil {
		return err
	}
	if err := <-watermarkErrChan; err != nil {
		return err
	}
	return <-fingerprintErrChan
}

// kubevirt6168Proxy: KubeVirt PR #6168 (the proxy and console copy
// loops; shape from the PR description). Two copy goroutines, one per
// direction, report on one channel, and the proxy returns after the
// first: the other copy's send blocks forever.
func kubevirt6168Proxy(client, server io.ReadWriter) error {
	errChan := make(chan error)
	go func() {
		_, err := io.Copy(client, server)
		errChan <- err // want `goroutine leaks: 2 goroutines send on unbuffered channel errChan but 1 of them blocks forever once the function returns at line [0-9]+ without receiving; give errChan a buffer of 2`
	}()
	go func() {
		_, err := io.Copy(server, client)
		errChan <- err
	}()
	return <-errChan
}

// kubevirt6168ProxyFixed: the fix's buffer holds both sends.
func kubevirt6168ProxyFixed(client, server io.ReadWriter) error {
	errChan := make(chan error, 2)
	go func() {
		_, err := io.Copy(client, server)
		errChan <- err
	}()
	go func() {
		_, err := io.Copy(server, client)
		errChan <- err
	}()
	return <-errChan
}

type peer struct{}

func (peer) fetch() error { return nil }

// firstErrorFanOut: the fan-out that stops at the first error, the
// looped form of Prometheus #213 (and of nci/gsky PR #231, "prevent
// blocking error channel write which results in goroutine leak"): one
// goroutine per peer sends its error, the loop returns on the first
// non-nil one.
func firstErrorFanOut(peers []peer) error {
	errc := make(chan error)
	for _, p := range peers {
		go func() {
			errc <- p.fetch() // want `goroutine leaks: send on unbuffered channel errc blocks forever once the loop receiving from it at line [0-9]+ returns at line [0-9]+ before every sender is received; give errc a buffer of len\(peers\)`
		}()
	}
	for range peers {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// firstErrorFanOutFixed: a buffer for every sender.
func firstErrorFanOutFixed(peers []peer) error {
	errc := make(chan error, len(peers))
	for _, p := range peers {
		go func() {
			errc <- p.fetch()
		}()
	}
	for range peers {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
