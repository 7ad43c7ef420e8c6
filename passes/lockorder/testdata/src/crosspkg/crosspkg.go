package crosspkg // want package:`lockorder\(Bus.mu->Topic.mu\)`

import "lib"

// closeAll takes the bus's lock, then each topic's: the opposite of
// lib.Topic.Publish.
func closeAll(b *lib.Bus, ts []*lib.Topic) {
	b.Lock()
	defer b.Unlock()
	for _, t := range ts {
		t.Publish() // want `lock order inversion: Topic.mu \(by the call to \(\*lib.Topic\).Publish\) is acquired while holding b.mu .*, and \(\*Topic\).Publish locks them in the opposite order \(lib.go:19\)`
	}
}
