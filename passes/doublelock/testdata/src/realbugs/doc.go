// Package realbugs holds reconstructions of published double locks, in our
// own code and words, each next to its shipped fix (which must stay silent).
package realbugs
