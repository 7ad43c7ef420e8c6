package sample

import (
	"os"
	"sync"
)

// Every file stays open until readAll returns.
func readAll(names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close() // want deferloop
	}
	return nil
}

// The same bug, silenced for golangci-lint by //nolint with the check's name.
func readAllNolint(names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close() //nolint:deferloop // at most three names, by contract
	}
	return nil
}

// The same bug, silenced by leakvet's own directive on the line above.
func readAllIgnored(names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		//leakvet:ignore deferloop at most three names, by contract
		defer f.Close()
	}
	return nil
}

// Silenced for both plugin styles: the bundle's linter is called leakvet.
func readAllNolintBoth(names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close() //nolint:leakvet,deferloop // at most three names, by contract
	}
	return nil
}

// A mutex unlocked by defer in a loop deadlocks on the second pass.
func countAll(mu *sync.Mutex, counts map[string]int, keys []string) {
	for _, k := range keys {
		mu.Lock()
		defer mu.Unlock() // want deferloop
		counts[k]++
	}
}

// Ok: each iteration's defer runs when the func literal returns.
func readAllLiteral(names []string) {
	for _, name := range names {
		func() {
			f, err := os.Open(name)
			if err != nil {
				return
			}
			defer f.Close()
		}()
	}
}
