// Package conformance holds the test that every leakvet analyzer runs
// under every go/analysis driver, Bazel's nogo included: nothing but the
// pass as input (no pass.Module, no pass.ReadFile, no environment, no
// files), configuration only through Analyzer.Flags, facts that survive
// gob encoding, and no reliance on facts about the standard library,
// which nogo never analyzes. It has no non-test code.
package conformance
