package driver

import (
	"bytes"
	"encoding/gob"
	"go/types"
	"reflect"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// storedFact is a fact in its portable form: which analyzer, which fact
// type, which object (by object path; empty for a package fact), and the
// fact gob-encoded. Facts cross packages only in this form, as they do
// between go vet processes, so a fact that does not survive encoding is
// caught here too.
type storedFact struct {
	Analyzer string
	Type     string
	Object   objectpath.Path
	Package  bool
	Data     []byte
}

type objectKey struct {
	analyzer string
	obj      types.Object
	typ      reflect.Type
}

type packageKey struct {
	analyzer string
	pkg      *types.Package
	typ      reflect.Type
}

// factTable holds live facts: those a package exports while it is
// analyzed, or a dependency's decoded against its types.
type factTable struct {
	mu       sync.Mutex
	objects  map[objectKey]analysis.Fact
	packages map[packageKey]analysis.Fact
}

func newFactTable() *factTable {
	return &factTable{objects: make(map[objectKey]analysis.Fact), packages: make(map[packageKey]analysis.Fact)}
}

func (t *factTable) setObject(analyzer string, obj types.Object, fact analysis.Fact) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.objects[objectKey{analyzer, obj, reflect.TypeOf(fact)}] = fact
}

func (t *factTable) setPackage(analyzer string, pkg *types.Package, fact analysis.Fact) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.packages[packageKey{analyzer, pkg, reflect.TypeOf(fact)}] = fact
}

// getObject copies the fact of ptr's type about obj into ptr.
func (t *factTable) getObject(analyzer string, obj types.Object, ptr analysis.Fact) bool {
	t.mu.Lock()
	fact, ok := t.objects[objectKey{analyzer, obj, reflect.TypeOf(ptr)}]
	t.mu.Unlock()
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
	}
	return ok
}

func (t *factTable) getPackage(analyzer string, pkg *types.Package, ptr analysis.Fact) bool {
	t.mu.Lock()
	fact, ok := t.packages[packageKey{analyzer, pkg, reflect.TypeOf(ptr)}]
	t.mu.Unlock()
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
	}
	return ok
}

func (t *factTable) allObjects(analyzer string) []analysis.ObjectFact {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []analysis.ObjectFact
	for k, f := range t.objects {
		if k.analyzer == analyzer {
			out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
		}
	}
	return out
}

func (t *factTable) allPackages(analyzer string) []analysis.PackageFact {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []analysis.PackageFact
	for k, f := range t.packages {
		if k.analyzer == analyzer {
			out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
		}
	}
	return out
}

// encode returns the table's facts in portable form, in a deterministic
// order. Facts about objects that have no object path (local to a
// function body) cannot be named from another package and are dropped, as
// go vet drops them.
func (t *factTable) encode(pkg *types.Package) []storedFact {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []storedFact
	var enc objectpath.Encoder
	for k, f := range t.objects {
		path, err := enc.For(k.obj)
		if err != nil {
			continue
		}
		if data, ok := gobEncode(f); ok {
			out = append(out, storedFact{Analyzer: k.analyzer, Type: factTypeName(f), Object: path, Data: data})
		}
	}
	for k, f := range t.packages {
		if k.pkg != pkg {
			continue
		}
		if data, ok := gobEncode(f); ok {
			out = append(out, storedFact{Analyzer: k.analyzer, Type: factTypeName(f), Package: true, Data: data})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Analyzer != b.Analyzer {
			return a.Analyzer < b.Analyzer
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Object < b.Object
	})
	return out
}

// decode adds facts in portable form, resolving object paths in pkg.
// Facts of analyzers or types this run does not have, and paths that do
// not resolve, are skipped.
func (t *factTable) decode(facts []storedFact, pkg *types.Package, plan *analyzerPlan) {
	for _, sf := range facts {
		newFact := plan.factTypes[sf.Analyzer][sf.Type]
		if newFact == nil {
			continue
		}
		fact := newFact()
		if len(sf.Data) > 0 && gob.NewDecoder(bytes.NewReader(sf.Data)).Decode(fact) != nil {
			continue
		}
		if sf.Package {
			t.setPackage(sf.Analyzer, pkg, fact)
			continue
		}
		obj, err := objectpath.Object(pkg, sf.Object)
		if err != nil {
			continue
		}
		t.setObject(sf.Analyzer, obj, fact)
	}
}

func gobEncode(f analysis.Fact) ([]byte, bool) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(f); err != nil {
		// Empty fact types (markers) have nothing to encode.
		if reflect.TypeOf(f).Elem().NumField() == 0 {
			return nil, true
		}
		return nil, false
	}
	return buf.Bytes(), true
}

func factTypeName(f analysis.Fact) string { return reflect.TypeOf(f).String() }

// newFactFunc returns a function that makes a fresh fact of f's type.
func newFactFunc(f analysis.Fact) func() analysis.Fact {
	t := reflect.TypeOf(f).Elem()
	return func() analysis.Fact { return reflect.New(t).Interface().(analysis.Fact) }
}
