package realbugs

import "time"

// Loops: a new channel on each pass of a loop.

type check struct {
	name    string
	timeout time.Duration
	run     func() error
}

// healthGoMeasure: hellofresh/health-go issue #224 (shape from the
// issue). Each check runs in a goroutine with a fresh result channel; on
// a timeout the loop moves on to the next check and the timed-out
// goroutine blocks on resCh forever. Each pass makes its own resCh: the
// pass that moves on leaves its sender behind, as a return would.
func healthGoMeasure(checks []check) map[string]error {
	failures := make(map[string]error)
	for _, c := range checks {
		resCh := make(chan error)
		go func() {
			resCh <- c.run() // want `goroutine leaks: send on unbuffered channel resCh blocks forever once the select at line [0-9]+ returns on time.After; give resCh a buffer of 1`
		}()
		select {
		case <-time.After(c.timeout):
			failures[c.name] = errTimeout
		case err := <-resCh:
			if err != nil {
				failures[c.name] = err
			}
		}
	}
	return failures
}

// healthGoMeasureFixed: the fix (health-go PR for #224), a buffer of 1.
func healthGoMeasureFixed(checks []check) map[string]error {
	failures := make(map[string]error)
	for _, c := range checks {
		resCh := make(chan error, 1)
		go func() {
			resCh <- c.run()
		}()
		select {
		case <-time.After(c.timeout):
			failures[c.name] = errTimeout
		case err := <-resCh:
			if err != nil {
				failures[c.name] = err
			}
		}
	}
	return failures
}
