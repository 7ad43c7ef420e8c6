// Package lib marks functions for the test analyzer.
package lib

import "log"

// BadHelper is marked: calls to it from other packages are reported.
func BadHelper() {}

// Good is not marked.
func Good() {}

// Die never returns: ctrlflow knows log.Fatal does not, from the driver's
// table of the standard library.
func Die() { log.Fatal("die") }
