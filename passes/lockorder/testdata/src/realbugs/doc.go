package realbugs // want package:`lockorder\(.*\)`

// Package realbugs holds reconstructions of published lock-order
// inversions, in our own code and words, each next to its shipped fix
// (which must stay silent).
