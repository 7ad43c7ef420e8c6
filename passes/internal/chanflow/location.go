package chanflow

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leakvet/leakvet/passes/internal/ssax"
)

// A Location is a memory cell that holds a channel and that a function
// reads more than once: a field reached from one SSA value (s.done,
// s.conf.stop through embedded struct values), a package-level variable, or
// (Root a *ssa.FreeVar, Path empty) a variable of the enclosing function
// that a closure captured.
// Unlike a Chan, a Location is not one channel for the whole function: two
// loads of it give the same channel only when nothing between them may
// store to it (see Location.MayStore). Analyzers that compare two reads of
// a field, such as doubleclose, use it where Chan cannot follow the value.
//
// Location is comparable and can key a map.
type Location struct {
	Root   ssa.Value // the value the fields are selected from; nil for a global
	Global *ssa.Global
	Path   string // field indices from Root, e.g. "3" or "1.0"
	last   *types.Var
}

// LocationOf returns the location that v, after channel conversions, is
// loaded from: *(&x.f), *(&x.f.g) or a global. ok is false for anything
// else (a local, a slice element, a map entry, a load through a pointer
// field).
func LocationOf(v ssa.Value) (loc Location, ok bool) {
	v = peelChanConversions(v)
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL || !isChan(load.Type()) {
		return Location{}, false
	}
	switch addr := load.X.(type) {
	case *ssa.Global:
		return Location{Global: addr}, true
	case *ssa.FreeVar:
		// A variable of the enclosing function, captured by this closure.
		return Location{Root: addr}, true
	case *ssa.FieldAddr:
		var path []string
		var x ssa.Value = addr
		var last *types.Var
		for i := 0; i < 8; i++ { // bounded: embedded structs are rarely deeper
			fa, ok := x.(*ssa.FieldAddr)
			if !ok {
				break
			}
			if last == nil {
				last = fieldVar(fa)
			}
			path = append(path, strconv.Itoa(fa.Field))
			x = fa.X
		}
		if _, nested := x.(*ssa.FieldAddr); nested || last == nil {
			return Location{}, false
		}
		x = cellValue(x)
		for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
			path[i], path[j] = path[j], path[i]
		}
		return Location{Root: x, Path: strings.Join(path, "."), last: last}, true
	}
	return Location{}, false
}

// cellValue returns the value a load of a local variable stands for, so
// that all reads of the variable share one root. go/ssa keeps a variable
// captured by a closure (a parameter s, say) in a cell and reads it afresh
// at each use: when the function stores that cell exactly once, every read
// is the stored value. Inside the closure, reads of the free variable stand
// for the free variable itself. Otherwise v.
func cellValue(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	switch cell := load.X.(type) {
	case *ssa.Alloc:
		if stored := StoredOnce(cell); stored != nil {
			return stored
		}
	case *ssa.FreeVar:
		if _, isPtr := cell.Type().Underlying().(*types.Pointer); isPtr {
			return cell
		}
	}
	return v
}

// StoredOnce returns the value stored in the local variable alloc when its
// function stores it exactly once and only reads it otherwise (closures may
// capture it), or nil.
func StoredOnce(alloc *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	for _, r := range ssax.Referrers(alloc) {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || stored != nil {
				return nil
			}
			stored = r.Val
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return nil
		}
	}
	return stored
}

// FieldLocation returns the location of the field at path (field indices
// separated by dots, as in Location.Path) of the struct root points to.
func FieldLocation(root ssa.Value, path string) (Location, bool) {
	if root == nil || path == "" {
		return Location{}, false
	}
	t := root.Type()
	var last *types.Var
	for _, part := range strings.Split(path, ".") {
		i, err := strconv.Atoi(part)
		if err != nil {
			return Location{}, false
		}
		if ptr, ok := t.Underlying().(*types.Pointer); ok && last == nil {
			t = ptr.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i < 0 || i >= st.NumFields() {
			return Location{}, false
		}
		last = st.Field(i)
		t = last.Type()
	}
	if !isChan(t) {
		return Location{}, false
	}
	return Location{Root: cellValue(root), Path: path, last: last}, true
}

// Name renders the location for messages: s.done, s.conf.stop, done.
func (l Location) Name() string {
	if l.Global != nil {
		return l.Global.Name()
	}
	if fv, ok := l.Root.(*ssa.FreeVar); ok && l.Path == "" {
		return fv.Name()
	}
	root := "value"
	switch r := l.Root.(type) {
	case *ssa.Parameter:
		root = r.Name()
	case *ssa.FreeVar:
		root = r.Name()
	case *ssa.UnOp:
		if a, ok := r.X.(*ssa.Alloc); ok && a.Comment != "" {
			root = a.Comment
		} else if fv, ok := r.X.(*ssa.FreeVar); ok {
			root = fv.Name()
		}
	}
	t := l.Root.Type()
	name := root
	for _, part := range strings.Split(l.Path, ".") {
		i, _ := strconv.Atoi(part)
		for j := 0; j < 2; j++ { // a captured variable's cell adds a pointer
			ptr, ok := t.Underlying().(*types.Pointer)
			if !ok {
				break
			}
			t = ptr.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i < 0 || i >= st.NumFields() {
			return name
		}
		name += "." + st.Field(i).Name()
		t = st.Field(i).Type()
	}
	return name
}

// peelChanConversions strips ChangeType conversions between channel types
// (chan T to chan<- T).
func peelChanConversions(v ssa.Value) ssa.Value {
	for i := 0; i < 4; i++ {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			break
		}
		v = ct.X
	}
	return v
}

// fieldVar returns the field fa selects.
func fieldVar(fa *ssa.FieldAddr) *types.Var {
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := ptr.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil
	}
	return st.Field(fa.Field)
}

// MayStore reports whether instr may store a new value into the location,
// judging by instr alone: a store to the same field of any value (another
// pointer may alias Root) or to the same global, a store through a pointer
// of unknown origin to a cell of the field's type, or the redefinition of
// Root itself (in a loop, Root is a new value on each pass). Calls are not
// considered here: whether a call may store is the analyzer's policy.
func (l Location) MayStore(instr ssa.Instruction) bool {
	if l.Root != nil {
		if def, ok := l.Root.(ssa.Instruction); ok && def == instr {
			return true
		}
	}
	st, ok := instr.(*ssa.Store)
	if !ok {
		return false
	}
	if l.Path == "" && l.Global == nil {
		return st.Addr == l.Root // a captured variable: only through its cell
	}
	switch addr := st.Addr.(type) {
	case *ssa.Global:
		return l.Global != nil && addr == l.Global
	case *ssa.FieldAddr:
		return l.last != nil && fieldVar(addr) == l.last
	case *ssa.Alloc, *ssa.IndexAddr:
		return false // a local variable or an array element is not a field
	}
	// A store through a pointer from elsewhere (a parameter, a loaded
	// pointer): it may point at the location if the types agree.
	ptr, ok := st.Addr.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	var cell types.Type
	if l.Global != nil {
		if p, ok := l.Global.Type().(*types.Pointer); ok {
			cell = p.Elem()
		}
	} else if l.last != nil {
		cell = l.last.Type()
	}
	return cell != nil && types.Identical(ptr.Elem(), cell)
}
