// Package typesx answers "which type or function is this?" for every leakvet
// analyzer, in one set of words:
//
//   - IsNamed / IsPointerTo: is this type pkg.Name (or *pkg.Name)?
//   - Deref, NamedOf, RecvNamed, RecvTypeName: the named type behind a
//     type or a method's receiver, through aliases and one pointer.
//   - IsObject, IsFunc, IsMethod, MethodOf, InPackage: is this object the
//     package-level function pkg.F, the method pkg.T.M, something of pkg?
//   - IsStd, IsStdPath: is this package part of the standard library?
//
// Every predicate sees through aliases (types.Unalias) and through generic
// instantiation (an instance of pkg.List[T] is pkg.List; a method of an
// instance is the generic method), and none compares package names: a
// package is its import path. For the SSA side (is this call a call of
// pkg.F?), see package ssax, which uses these.
package typesx

import (
	"go/types"
	"strings"
)

// IsNamed reports whether t (through aliases) is the named type pkg.name
// for one of names. A pointer is not seen through: see IsPointerTo.
func IsNamed(t types.Type, pkg string, names ...string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	return IsObject(n.Obj(), pkg, names...)
}

// IsPointerTo reports whether t (through aliases) is a pointer to the
// named type pkg.name for one of names.
func IsPointerTo(t types.Type, pkg string, names ...string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), pkg, names...)
}

// Deref returns t without aliases and without one level of pointer:
// for *T and T alike, T (itself unaliased).
func Deref(t types.Type) types.Type {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		return types.Unalias(p.Elem())
	}
	return t
}

// NamedOf returns the named type that t or *t is, through aliases, or nil.
func NamedOf(t types.Type) *types.Named {
	n, _ := Deref(t).(*types.Named)
	return n
}

// RecvNamed returns the named type of sig's receiver (T for a receiver of
// type T or *T, the interface for an interface method), or nil for a
// function or a receiver of unnamed type.
func RecvNamed(sig *types.Signature) *types.Named {
	if sig == nil || sig.Recv() == nil {
		return nil
	}
	return NamedOf(sig.Recv().Type())
}

// RecvTypeName returns the name of the named type of sig's receiver, or ""
// for a function.
func RecvTypeName(sig *types.Signature) string {
	if n := RecvNamed(sig); n != nil {
		return n.Obj().Name()
	}
	return ""
}

// IsObject reports whether obj is declared in the package with import path
// pkg under one of names (any name when names is empty).
func IsObject(obj types.Object, pkg string, names ...string) bool {
	if !InPackage(obj, pkg) {
		return false
	}
	if len(names) == 0 {
		return true
	}
	for _, name := range names {
		if obj.Name() == name {
			return true
		}
	}
	return false
}

// InPackage reports whether obj belongs to the package with import path
// pkg. Universe objects (error, len) belong to none.
func InPackage(obj types.Object, pkg string) bool {
	return !isNil(obj) && obj.Pkg() != nil && obj.Pkg().Path() == pkg
}

// isNil reports whether obj is nil, or a nil pointer of one of the
// object types (a nil *types.Func from typeutil.StaticCallee passed on as
// a types.Object).
func isNil(obj types.Object) bool {
	switch o := obj.(type) {
	case nil:
		return true
	case *types.Func:
		return o == nil
	case *types.Var:
		return o == nil
	case *types.TypeName:
		return o == nil
	case *types.Const:
		return o == nil
	case *types.PkgName:
		return o == nil
	}
	return false
}

// IsFunc reports whether fn is the package-level function pkg.name for one
// of names (not a method).
func IsFunc(fn *types.Func, pkg string, names ...string) bool {
	if fn == nil || fn.Signature().Recv() != nil {
		return false
	}
	return IsObject(fn.Origin(), pkg, names...)
}

// IsMethod reports whether fn is the method name (one of names; any when
// names is empty) declared on the named type pkg.typ, whether its receiver
// is T or *T. Methods promoted by embedding are declared on the embedded
// type: (*testing.T).Fatal is testing.common's Fatal. For an interface
// method, typ is the interface that declares it.
func IsMethod(fn *types.Func, pkg, typ string, names ...string) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	n := RecvNamed(fn.Signature())
	if n == nil || n.Obj().Name() != typ || !InPackage(n.Obj(), pkg) {
		return false
	}
	if len(names) == 0 {
		return true
	}
	for _, name := range names {
		if fn.Name() == name {
			return true
		}
	}
	return false
}

// MethodOf returns the import path and name of the named type on which fn
// is declared and fn's name, or empty strings when fn is not a method of a
// named type.
func MethodOf(fn *types.Func) (pkg, typ, name string) {
	if fn == nil {
		return "", "", ""
	}
	fn = fn.Origin()
	n := RecvNamed(fn.Signature())
	if n == nil || n.Obj().Pkg() == nil {
		return "", "", ""
	}
	return n.Obj().Pkg().Path(), n.Obj().Name(), fn.Name()
}

// IsCancelFunc reports whether t is context.CancelFunc or
// context.CancelCauseFunc.
func IsCancelFunc(t types.Type) bool {
	return IsNamed(t, "context", "CancelFunc", "CancelCauseFunc")
}

// IsStd reports whether pkg belongs to the standard library (see
// IsStdPath). A nil package (universe) is not.
func IsStd(pkg *types.Package) bool {
	return pkg != nil && IsStdPath(pkg.Path())
}

// IsStdPath reports whether an import path belongs to the standard
// library: its first element has no dot.
func IsStdPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// Imports reports whether pkg imports one of paths directly: a cheap gate
// for an analyzer whose every finding needs that package's API in sight.
func Imports(pkg *types.Package, paths ...string) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range paths {
			if imp.Path() == p {
				return true
			}
		}
	}
	return false
}
