package lockset

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
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
// kind and the *Mutex / *RWMutex it is called on. ok is false for any other
// call, including calls through sync.Locker or a method value.
//
// TODO(house): switch to the shared callee vocabulary of issue 12 once it
// lands; this is the minimum the lock model needs.
func SyncCall(call *ssa.CallCommon) (kind OpKind, recv ssa.Value, ok bool) {
	if call == nil || call.IsInvoke() || len(call.Args) == 0 {
		return 0, nil, false
	}
	fn, isFn := call.Value.(*ssa.Function)
	if !isFn {
		return 0, nil, false
	}
	sig := fn.Signature
	if sig.Recv() == nil {
		return 0, nil, false
	}
	ptr, isPtr := sig.Recv().Type().(*types.Pointer)
	if !isPtr {
		return 0, nil, false
	}
	isMu, rw := IsMutexType(ptr.Elem())
	if !isMu {
		return 0, nil, false
	}
	switch fn.Name() {
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
	if !rw && kind.Read() {
		return 0, nil, false
	}
	return kind, call.Args[0], true
}

// noReturn reports whether a call never returns to its caller: os.Exit,
// log.Fatal and log.Panic, runtime.Goexit, and testing's Fatal, FailNow
// and Skip families.
//
// TODO(house): switch to the shared no-return predicate of issue 12.
func noReturn(call *ssa.CallCommon) bool {
	fn := call.StaticCallee()
	if fn == nil {
		if call.IsInvoke() {
			switch call.Method.Name() {
			case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
				// testing.TB
				if obj := call.Method; obj.Pkg() != nil && obj.Pkg().Path() == "testing" {
					return true
				}
			}
		}
		return false
	}
	if fn.Pkg == nil || fn.Pkg.Pkg == nil {
		if fn.Origin() != nil && fn.Origin().Pkg != nil {
			fn = fn.Origin()
		} else {
			return false
		}
	}
	path, name := fn.Pkg.Pkg.Path(), fn.Name()
	switch path {
	case "os":
		return name == "Exit"
	case "runtime":
		return name == "Goexit"
	case "log":
		switch name {
		case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
			return true
		}
	case "testing":
		switch name {
		case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
			return true
		}
	}
	return false
}
