package lockset

import (
	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
	"github.com/leakvet/leakvet/passes/internal/typesx"
)

// OpKind is the kind of a lock operation.
type OpKind uint8

const (
	Lock     OpKind = iota + 1 // Mutex.Lock, RWMutex.Lock
	RLock                      // RWMutex.RLock
	Unlock                     // Mutex.Unlock, RWMutex.Unlock
	RUnlock                    // RWMutex.RUnlock
	TryLock                    // Mutex.TryLock, RWMutex.TryLock: holds only on the true branch
	TryRLock                   // RWMutex.TryRLock
)

func (k OpKind) String() string {
	switch k {
	case Lock:
		return "Lock"
	case RLock:
		return "RLock"
	case Unlock:
		return "Unlock"
	case RUnlock:
		return "RUnlock"
	case TryLock:
		return "TryLock"
	case TryRLock:
		return "TryRLock"
	}
	return "?"
}

// Acquires reports whether k takes the lock (Lock, RLock).
func (k OpKind) Acquires() bool { return k == Lock || k == RLock }

// Releases reports whether k releases the lock (Unlock, RUnlock).
func (k OpKind) Releases() bool { return k == Unlock || k == RUnlock }

// Read reports whether k is a reader-side operation.
func (k OpKind) Read() bool { return k == RLock || k == RUnlock || k == TryRLock }

// SyncCall classifies a call of a sync.Mutex or sync.RWMutex method: its
// kind and the *Mutex / *RWMutex it is called on (through embedding, go/ssa
// selects the embedded field). ok is false for any other call, including
// calls through sync.Locker or a method value.
func SyncCall(call *ssa.CallCommon) (kind OpKind, recv ssa.Value, ok bool) {
	if call == nil || call.IsInvoke() || len(call.Args) == 0 {
		return 0, nil, false
	}
	pkg, typ, name := typesx.MethodOf(ssax.Callee(call))
	if pkg != "sync" || (typ != "Mutex" && typ != "RWMutex") {
		return 0, nil, false
	}
	switch name {
	case "Lock":
		kind = Lock
	case "Unlock":
		kind = Unlock
	case "TryLock":
		kind = TryLock
	case "RLock":
		kind = RLock
	case "RUnlock":
		kind = RUnlock
	case "TryRLock":
		kind = TryRLock
	default:
		return 0, nil, false
	}
	return kind, call.Args[0], true
}

// noReturn reports whether the call instr never returns to its caller:
// what go/ssa and ctrlflow know (os.Exit, log.Fatal, t.Fatal on a concrete
// *testing.T...) and the test-stopping calls through testing.TB.
func noReturn(instr ssa.Instruction) bool {
	return ssax.NeverReturns(instr) || ssax.StopsTest(instr)
}
