//go:build go1.22

// Package main owns the process: a ticker for its whole life is intended.
package main

import "time"

func main() {
	for range time.Tick(time.Second) {
		if done() {
			return
		}
	}
}

func done() bool { return false }
