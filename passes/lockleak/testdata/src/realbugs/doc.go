// Package realbugs holds reconstructions of published lock leaks, in our
// own code and words, each next to its shipped fix (which must stay
// silent).
package realbugs
