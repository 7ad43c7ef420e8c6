package current

// Generic code: the closure captures a variable of type parameter type.
func genericOuter[T any](xs []T, sink func(T)) {
	var cur T
	for _, x := range xs {
		cur = x
		go func() {
			sink(cur) // want `cur is shared by every iteration`
		}()
	}
}

func genericPerIterationOk[T any](xs []T, sink func(T)) {
	for _, x := range xs {
		go func() {
			sink(x)
		}()
	}
}

type box[T any] struct{ v T }

func (b *box[T]) fieldWrite(xs []T, sink func(T)) {
	for _, x := range xs {
		b.v = x
		go func() {
			sink(b.v) // want `b.v is shared by every iteration`
		}()
	}
}

func useGenerics() {
	genericOuter([]int{1}, func(int) {})
	genericPerIterationOk([]string{"a"}, func(string) {})
	(&box[int]{}).fieldWrite(nil, nil)
}
