package unbufsend

import (
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/cfg"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// cancellation reports whether a select case waits for cancellation or a
// timeout (see the function cancellation), or for a stop channel: a field
// or package variable channel, every use of which is visible, that only
// other functions close (Stop, Close, Shutdown). Such a case fires when the
// object is stopped from outside, whatever the senders of this function
// are doing, so a sender left behind is stranded as after ctx.Done(). A
// channel this function (or the goroutines it starts) closes may be the
// senders' own "done", and is left out.
func (k *checker) cancellation(st *ssa.SelectState) bool {
	if cancellation(st) {
		return true
	}
	if k.model == nil {
		return false
	}
	a := k.model.AbstractOf(st.Chan)
	if a == nil || a.Escaped() || len(a.Makes) == 0 {
		return false
	}
	closes := 0
	for _, op := range a.Ops {
		switch {
		case op.Kind.IsSend():
			return false // a value channel, not a signal
		case op.Kind == chanflow.Close:
			if op.Instr == nil || op.Callback || cfg.Encloses(k.fn, op.Instr) || op.Fn == k.fn {
				return false
			}
			closes++
		}
	}
	return closes > 0
}
