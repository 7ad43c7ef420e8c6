package lockset

import "golang.org/x/tools/go/ssa"

// AllHold answers the question of a blocking operation made while holding
// h at instruction at: must every one of the counterpart instructions
// others take the same mutex first? It returns how the first of others
// holds it when each of them runs holding the mutex of h (same Key) in a
// mode that conflicts with h (not both read locks), in another function
// than at's; nil otherwise (also for an empty others, or a local mutex,
// whose identity means nothing outside its function). While at's
// goroutine holds h, none of others can be reached.
func (r *Result) AllHold(h Held, at ssa.Instruction, others []ssa.Instruction) *Held {
	if h.Mutex.Key.Kind == LocalKey || len(others) == 0 {
		return nil
	}
	var first *Held
	for _, o := range others {
		if o == nil || o.Parent() == nil || o.Parent() == at.Parent() {
			return nil
		}
		var found *Held
		for _, oh := range r.Func(o.Parent()).HeldAt(o) {
			if oh.Mutex.Key == h.Mutex.Key && (!oh.Read || !h.Read) && oh.Op != nil {
				found = &oh
				break
			}
		}
		if found == nil {
			return nil
		}
		if first == nil {
			first = found
		}
	}
	return first
}
