package lockset

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// KeyKind says what a Key names.
type KeyKind uint8

const (
	// FieldKey: a field (or a field of value-embedded structs) of a named
	// struct type, e.g. (Server, "mu") or (Cache, "Mutex") for an embedded
	// sync.Mutex. Every instance of the type shares the key.
	FieldKey KeyKind = iota + 1
	// GlobalKey: a package-level variable, or a field of one whose type is
	// not a named struct (var state struct{ mu sync.Mutex }).
	GlobalKey
	// LocalKey: a local variable of one function (captured by its closures
	// too), or a mutex reached from a value we cannot name (a parameter of
	// type *sync.Mutex, a call result). Meaningful only inside that function.
	LocalKey
)

// A Key is the abstract identity of a mutex, the same in every function
// and package: the cell it lives in, by (named type, field path), package
// variable, or local. Two instances of one type share a key; a Mutex tells
// instances apart inside one function. Key is comparable, small and
// gob-encodable, so it can key maps and travel in facts.
type Key struct {
	Kind KeyKind
	// Pkg is the path of the package declaring the type or variable.
	Pkg string
	// Type is the named struct type (FieldKey), or the enclosing top-level
	// function (LocalKey); empty for a GlobalKey.
	Type string
	// Path is the field path from the type (FieldKey: "mu", "state.mu"),
	// the variable and field path (GlobalKey: "mu", "state.mu"), or the
	// variable's name (LocalKey).
	Path string
}

// String renders the key for messages and facts: Server.mu, pkg.mu, mu.
func (k Key) String() string {
	switch k.Kind {
	case FieldKey:
		return k.Type + "." + k.Path
	case GlobalKey:
		if i := strings.LastIndex(k.Pkg, "/"); i >= 0 {
			return k.Pkg[i+1:] + "." + k.Path
		}
		return k.Pkg + "." + k.Path
	}
	return k.Path
}

// A Mutex is one mutex instance as one function sees it: an access path
// (Base, then the fields of Path) and its abstract Key. Two lock operations
// of one function are on the same mutex when their Mutex values are equal;
// a different Base may or may not be the same object, and the model treats
// it as another mutex. Mutex is comparable.
type Mutex struct {
	Key Key
	// Base is the value the access path starts from: a *ssa.Parameter, a
	// *ssa.FreeVar, a *ssa.Global, an *ssa.Alloc, or any other value (a
	// call result, a phi). Loads of a local variable stored once stand for
	// the stored value.
	Base ssa.Value
	// Path is the dot-separated field names from Base ("mu", "conf.mu");
	// pointer fields are followed implicitly. Empty when Base itself points
	// to the mutex.
	Path string
	// RW is set for a sync.RWMutex.
	RW bool
}

// Name renders the mutex for messages: s.mu, mu, s.conf.mu.
func (m Mutex) Name() string {
	root := baseName(m.Base)
	if m.Path == "" {
		if root == "" {
			return m.Key.String()
		}
		return root
	}
	if root == "" {
		if m.Key.Kind == FieldKey {
			return m.Key.String()
		}
		return m.Path
	}
	return root + "." + m.Path
}

// baseName names the root value of an access path, or "".
func baseName(v ssa.Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case *ssa.Parameter:
		return v.Name()
	case *ssa.FreeVar:
		return v.Name()
	case *ssa.Global:
		return v.Name()
	case *ssa.Alloc:
		return v.Comment
	}
	return ""
}

// IsMutexType reports whether t is sync.Mutex or sync.RWMutex (through
// aliases), and which.
func IsMutexType(t types.Type) (ok, rw bool) {
	named, isNamed := types.Unalias(t).(*types.Named)
	if !isNamed {
		return false, false
	}
	obj := named.Obj()
	if obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false, false
	}
	switch obj.Name() {
	case "Mutex":
		return true, false
	case "RWMutex":
		return true, true
	}
	return false, false
}

// MutexOf returns the mutex that v, a *sync.Mutex or *sync.RWMutex (the
// receiver of a Lock call), points to. ok is false when v is not such a
// pointer.
//
// The access path walks field selections (&s.mu, &s.conf.mu through a
// pointer field, &s.Mutex for an embedded mutex) down to a base value.
// The key is the innermost named struct type holding the field (through
// anonymous struct fields), a package variable, or local.
func MutexOf(v ssa.Value) (Mutex, bool) {
	ptr, isPtr := v.Type().Underlying().(*types.Pointer)
	if !isPtr {
		return Mutex{}, false
	}
	isMu, rw := IsMutexType(ptr.Elem())
	if !isMu {
		return Mutex{}, false
	}
	p := walkPath(v)
	m := Mutex{RW: rw, Base: p.base, Path: strings.Join(p.names, ".")}
	switch {
	case p.keyType != nil:
		obj := p.keyType.Origin().Obj()
		m.Key = Key{Kind: FieldKey, Type: obj.Name(), Path: strings.Join(p.keyFields, ".")}
		if obj.Pkg() != nil {
			m.Key.Pkg = obj.Pkg().Path()
		}
	default:
		if g, ok := p.base.(*ssa.Global); ok && len(p.keyFields) == len(p.names) {
			path := g.Name()
			if len(p.names) > 0 {
				path += "." + m.Path
			}
			m.Key = Key{Kind: GlobalKey, Path: path}
			if g.Pkg != nil {
				m.Key.Pkg = g.Pkg.Pkg.Path()
			}
			break
		}
		m.Key = localKey(p.base, m.Path)
	}
	return m, true
}

// An accessPath is a pointer value seen as a base value and the fields
// selected from it, with the innermost named struct type holding the last
// field (the key's type) and the fields from that type.
type accessPath struct {
	base      ssa.Value
	names     []string // from base, outermost first
	keyType   *types.Named
	keyFields []string // from keyType, outermost first
}

// walkPath walks the field selections of the pointer v down to its base:
// FieldAddr chains, loads of pointer fields (s.conf.mu with conf *Conf),
// loads of a global pointer, and loads of a local variable stored once.
func walkPath(v ssa.Value) accessPath {
	var p accessPath
	keyDone := false
	x := v
	// Bounded: structs are rarely nested deeper than a few levels.
loop:
	for i := 0; i < 16; i++ {
		switch a := x.(type) {
		case *ssa.FieldAddr:
			st, named := fieldStruct(a.X.Type())
			if st == nil || a.Field >= st.NumFields() {
				break loop
			}
			p.names = append(p.names, st.Field(a.Field).Name())
			if !keyDone {
				p.keyFields = append(p.keyFields, st.Field(a.Field).Name())
				if named != nil {
					p.keyType, keyDone = named, true
				}
			}
			x = a.X
		case *ssa.UnOp:
			if a.Op != token.MUL {
				break loop
			}
			switch addr := a.X.(type) {
			case *ssa.FieldAddr:
				// A pointer field loaded on the way: s.conf.mu with conf
				// *Conf, or the mutex itself held as *sync.Mutex in a
				// field, which the field then names.
				if !keyDone && len(p.keyFields) == 0 {
					st, named := fieldStruct(addr.X.Type())
					if st != nil && addr.Field < st.NumFields() {
						p.keyFields = append(p.keyFields, st.Field(addr.Field).Name())
						if named != nil {
							p.keyType = named
						}
					}
				}
				keyDone = true
				// The FieldAddr case records the loaded field's name
				// (and must not add it to the key again).
				st, _ := fieldStruct(addr.X.Type())
				if st == nil || addr.Field >= st.NumFields() {
					break loop
				}
				p.names = append(p.names, st.Field(addr.Field).Name())
				x = addr.X
			case *ssa.Global:
				// A global pointer: var defaultMu = &sync.Mutex{}, or
				// var cfg *Config; cfg.mu.
				keyDone = true
				x = addr
				break loop
			case *ssa.FreeVar:
				// A variable of the enclosing function captured by
				// reference (its cell): the free variable stands for it.
				x = addr
				break loop
			case *ssa.Alloc:
				stored := chanflow.StoredOnce(addr)
				if stored == nil {
					break loop
				}
				x = stored
			default:
				break loop
			}
		default:
			break loop
		}
	}
	reverse(p.names)
	reverse(p.keyFields)
	p.base = x
	return p
}

// localKey is the key of a mutex reached from v that no type or global
// names: the variable's name within its top-level function.
func localKey(v ssa.Value, path string) Key {
	name := baseName(v)
	if name == "" {
		name = v.Name()
	}
	if path != "" {
		name += "." + path
	}
	k := Key{Kind: LocalKey, Path: name}
	if fn := topLevel(v.Parent()); fn != nil {
		k.Type = fn.String()
	}
	return k
}

// topLevel returns the outermost function enclosing fn.
func topLevel(fn *ssa.Function) *ssa.Function {
	for i := 0; fn != nil && fn.Parent() != nil && i < 64; i++ {
		fn = fn.Parent()
	}
	return fn
}

// fieldStruct returns the struct type a pointer of type t points to, and
// the named type it is declared as (nil for an anonymous struct).
func fieldStruct(t types.Type) (*types.Struct, *types.Named) {
	ptr, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return nil, nil
	}
	elem := types.Unalias(ptr.Elem())
	st, ok := elem.Underlying().(*types.Struct)
	if !ok {
		return nil, nil
	}
	named, _ := elem.(*types.Named)
	return st, named
}

func reverse(s []string) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
