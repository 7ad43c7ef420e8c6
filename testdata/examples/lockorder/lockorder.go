// Package lockorder shows two mutexes taken in opposite orders.
package lockorder

import "sync"

var (
	accounts sync.Mutex
	ledger   sync.Mutex
)

// Credit takes accounts, then ledger.
func Credit() {
	accounts.Lock()
	ledger.Lock()
	ledger.Unlock()
	accounts.Unlock()
}

// Audit takes ledger, then accounts.
func Audit() {
	ledger.Lock()
	accounts.Lock()
	accounts.Unlock()
	ledger.Unlock()
}
