package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
)

// inProcessChild marks the child process runInProcess starts, which runs
// the x/tools checker itself.
const inProcessChild = "LEAKVET_INPROCESS_CHILD"

// runInProcess runs the in-process checker on args in a child process and
// passes its output through, minus the cascade the checker prints after a
// package fails to load or type-check: one "analysis skipped" or "failed
// prerequisites" line per analyzer and package, which repeat the one error
// printed above them and bury it. It returns the child's exit code.
func runInProcess(self string, args []string, stdout, stderr io.Writer) int {
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), inProcessChild+"=1")
	cmd.Stdin, cmd.Stdout = os.Stdin, stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		fmt.Fprintf(stderr, "leakvet: %v\n", err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "leakvet: %v\n", err)
		return 1
	}
	filterCascade(pipe, stderr)
	if err := cmd.Wait(); err != nil {
		if exit := (*exec.ExitError)(nil); errors.As(err, &exit) && exit.ExitCode() >= 0 {
			return exit.ExitCode()
		}
		fmt.Fprintf(stderr, "leakvet: %v\n", err)
		return 1
	}
	return 0
}

// cascadeLine matches the checker's follow-on lines: an analyzer skipped
// because its package has errors, or because an analyzer it requires failed.
// Both only ever follow an error that was printed in full.
var cascadeLine = regexp.MustCompile(`^[a-z][a-z0-9_]*: (analysis skipped due to errors in package|failed prerequisites: .*)$`)

func filterCascade(r io.Reader, w io.Writer) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		if !cascadeLine.MatchString(sc.Text()) {
			fmt.Fprintln(w, sc.Text())
		}
	}
	_, _ = io.Copy(w, r) // a line too long for the scanner: pass the rest through (a failed write to stderr has nowhere to go)
}
