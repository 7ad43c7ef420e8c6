package main

import "time"

func startTicker() {
	go func() { // ok: package main, the goroutine lives as long as the program
		for range time.Tick(time.Second) {
		}
	}()
}

func main() { startTicker() }
