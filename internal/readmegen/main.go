// Command readmegen writes the generated parts of README.md from the
// analyzers themselves. Between the markers
//
//	<!-- analyzers:begin -->
//	<!-- analyzers:end -->
//
// it writes, for each analyzer in passes.All(), its one-line summary, its
// WRONG and RIGHT examples, its flags and a link to its full documentation;
// between golangci-config markers, the .golangci.yml enabling every check;
// between nogo-target markers, a Bazel nogo target with every check.
//
// Run it after adding an analyzer or editing a doc.go:
//
//	go generate ./internal/readmegen
//
// or, equivalently, go run ./internal/readmegen. With -check it writes
// nothing and exits 1 when README.md is out of date.
// The functions that generate each part are in package
// github.com/leakvet/leakvet/internal/readme, whose test fails when
// README.md is out of date.
package main

//go:generate go run . -readme ../../README.md

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/leakvet/leakvet/internal/readme"
	"github.com/leakvet/leakvet/passes"
)

func main() {
	file := flag.String("readme", "README.md", "the README file to update")
	check := flag.Bool("check", false, "only report whether the README is up to date")
	flag.Parse()

	old, err := os.ReadFile(*file)
	if err != nil {
		fmt.Fprintf(os.Stderr, "readmegen: %v\n", err)
		os.Exit(1)
	}
	updated, err := readme.Update(old, passes.All())
	if err != nil {
		fmt.Fprintf(os.Stderr, "readmegen: %s: %v\n", *file, err)
		os.Exit(1)
	}
	if bytes.Equal(old, updated) {
		return
	}
	if *check {
		fmt.Fprintf(os.Stderr, "readmegen: %s is out of date: run go generate ./internal/readmegen\n", *file)
		os.Exit(1)
	}
	if err := os.WriteFile(*file, updated, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "readmegen: %v\n", err)
		os.Exit(1)
	}
}
