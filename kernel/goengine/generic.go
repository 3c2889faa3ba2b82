package goengine

// slicesSupplement completes yaegi v0.16.1's generic package slices: it
// leaves out the functions of slices/sort.go (Sort, Min, BinarySearch,
// BinarySearchFunc, MinFunc, MaxFunc...) and those of Go 1.23 (Chunk,
// SortedFunc...),
// and most of the others fail to compile when called ("undefined type for
// E") because yaegi cannot infer E from a type parameter S ~[]E. These
// versions take []E instead (a named slice type still converts
// implicitly) and replace the broken ones. Sorting uses package sort
// (compiled), so only the comparisons run interpreted. The package's file
// already imports cmp. They do not call cmp's generic functions: a
// generic calling a generic of another source package can send yaegi
// into an endless recursion (a fatal stack overflow, not a panic).
const slicesSupplement = `package slices

import _yaksort "sort"

// Sort sorts a slice of any ordered type in ascending order.
func Sort[E cmp.Ordered](x []E) {
	_yaksort.Slice(x, func(i, j int) bool { return x[i] < x[j] })
}

// SortFunc sorts x in ascending order as determined by the comparison
// function (negative: a before b).
func SortFunc[E any](x []E, less func(a, b E) int) {
	_yaksort.Slice(x, func(i, j int) bool { return less(x[i], x[j]) < 0 })
}

// SortStableFunc sorts x keeping the original order of equal elements.
func SortStableFunc[E any](x []E, less func(a, b E) int) {
	_yaksort.SliceStable(x, func(i, j int) bool { return less(x[i], x[j]) < 0 })
}

// IsSorted reports whether x is sorted in ascending order.
func IsSorted[E cmp.Ordered](x []E) bool {
	for i := len(x) - 1; i > 0; i-- {
		if x[i] < x[i-1] {
			return false
		}
	}
	return true
}

// IsSortedFunc reports whether x is sorted by the comparison function.
func IsSortedFunc[E any](x []E, less func(a, b E) int) bool {
	for i := len(x) - 1; i > 0; i-- {
		if less(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

// Min returns the minimal value in x. It panics if x is empty.
func Min[E cmp.Ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if x[i] < m {
			m = x[i]
		}
	}
	return m
}

// Max returns the maximal value in x. It panics if x is empty.
func Max[E cmp.Ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if x[i] > m {
			m = x[i]
		}
	}
	return m
}

// Equal reports whether two slices have the same length and elements.
func Equal[E comparable](s1, s2 []E) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := range s1 {
		if s1[i] != s2[i] {
			return false
		}
	}
	return true
}

// Compare compares the elements of s1 and s2 with cmp.Compare.
func Compare[E cmp.Ordered](s1, s2 []E) int {
	for i := 0; i < len(s1) && i < len(s2); i++ {
		switch {
		case s1[i] < s2[i]:
			return -1
		case s1[i] > s2[i]:
			return +1
		}
	}
	switch {
	case len(s1) < len(s2):
		return -1
	case len(s1) > len(s2):
		return +1
	}
	return 0
}

// Insert inserts the values v... into s at index i.
func Insert[E any](s []E, i int, v ...E) []E {
	out := make([]E, 0, len(s)+len(v))
	out = append(out, s[:i]...)
	out = append(out, v...)
	return append(out, s[i:]...)
}

// Delete removes the elements s[i:j] from s and zeroes the elements
// that the shorter slice no longer holds (Go 1.22).
func Delete[E any](s []E, i, j int) []E {
	_ = s[i:j:len(s)]
	n := len(s)
	s = append(s[:i], s[j:]...)
	var zero E
	for k := len(s); k < n; k++ {
		s[:n][k] = zero
	}
	return s
}

// DeleteFunc removes the elements for which del returns true, and zeroes
// the elements that the shorter slice no longer holds.
func DeleteFunc[E any](s []E, del func(E) bool) []E {
	out := s[:0]
	for _, v := range s {
		if !del(v) {
			out = append(out, v)
		}
	}
	var zero E
	for k := len(out); k < len(s); k++ {
		s[k] = zero
	}
	return out
}

// Replace replaces s[i:j] by the given v.
func Replace[E any](s []E, i, j int, v ...E) []E {
	tail := append([]E(nil), s[j:]...)
	return append(append(s[:i], v...), tail...)
}

// Clone returns a copy of the slice.
func Clone[E any](s []E) []E {
	if s == nil {
		return nil
	}
	return append([]E{}, s...)
}

// Concat returns a new slice holding the given slices one after another.
// Its first slice is a parameter of its own because yaegi binds E only
// from a parameter that is not variadic ("undefined type for E"); so
// slices.Concat() with no argument, and Concat(xs...), do not compile.
func Concat[E any](s0 []E, ss ...[]E) []E {
	n := len(s0)
	for _, s := range ss {
		n += len(s)
	}
	if n == 0 {
		return nil
	}
	out := append(make([]E, 0, n), s0...)
	for _, s := range ss {
		out = append(out, s...)
	}
	return out
}

// Compact replaces runs of equal elements by one copy.
func Compact[E comparable](s []E) []E {
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, v := range s[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	var zero E
	for k := len(out); k < len(s); k++ {
		s[k] = zero // as Go 1.22 does
	}
	return out
}

// CompactFunc is like Compact with an equality function.
func CompactFunc[E any](s []E, eq func(E, E) bool) []E {
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, v := range s[1:] {
		if !eq(out[len(out)-1], v) {
			out = append(out, v)
		}
	}
	var zero E
	for k := len(out); k < len(s); k++ {
		s[k] = zero // as Go 1.22 does
	}
	return out
}

// Grow increases the slice's capacity to fit n more elements.
func Grow[E any](s []E, n int) []E {
	if n < 0 {
		panic("cannot be negative")
	}
	if cap(s)-len(s) < n {
		g := make([]E, len(s), len(s)+n)
		copy(g, s)
		return g
	}
	return s
}

// Clip removes unused capacity from the slice.
func Clip[E any](s []E) []E { return s[:len(s):len(s)] }

// Reverse reverses the elements of the slice in place.
func Reverse[E any](s []E) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// All returns an iterator over index-value pairs of s (Go 1.23). The
// iterator functions here and in maps are written with plain function
// types rather than iter.Seq: yaegi infers type arguments from a function
// type but not through a generic type of another package.
func All[E any](s []E) func(func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i, v := range s {
			if !yield(i, v) {
				return
			}
		}
	}
}

// Values returns an iterator over the elements of s.
func Values[E any](s []E) func(func(E) bool) {
	return func(yield func(E) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

// Backward returns an iterator over index-value pairs of s, backwards.
func Backward[E any](s []E) func(func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

// Collect collects the values of seq into a new slice.
func Collect[E any](seq func(func(E) bool)) []E {
	var out []E
	seq(func(v E) bool {
		out = append(out, v)
		return true
	})
	return out
}

// AppendSeq appends the values of seq to s.
func AppendSeq[E any](s []E, seq func(func(E) bool)) []E {
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

// Sorted collects the values of seq into a new slice and sorts it.
func Sorted[E cmp.Ordered](seq func(func(E) bool)) []E {
	var out []E
	seq(func(v E) bool {
		out = append(out, v)
		return true
	})
	_yaksort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Repeat returns a new slice that repeats s count times.
func Repeat[E any](s []E, count int) []E {
	out := make([]E, 0, len(s)*count)
	for i := 0; i < count; i++ {
		out = append(out, s...)
	}
	return out
}

// BinarySearch searches for target in a sorted slice and returns the
// position where target is found, or where it would appear, and whether
// it was found.
func BinarySearch[E cmp.Ordered](x []E, target E) (int, bool) {
	i := _yaksort.Search(len(x), func(i int) bool { return x[i] >= target })
	return i, i < len(x) && x[i] == target
}

// MinFunc returns the first minimal value in x by the comparison
// function. It panics if x is empty.
func MinFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp(v, m) < 0 {
			m = v
		}
	}
	return m
}

// MaxFunc returns the first maximal value in x by the comparison
// function. It panics if x is empty.
func MaxFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp(v, m) > 0 {
			m = v
		}
	}
	return m
}

// SortedFunc collects the values of seq into a new slice and sorts it by
// the comparison function.
func SortedFunc[E any](seq func(func(E) bool), cmp func(E, E) int) []E {
	s := Collect(seq)
	SortFunc(s, cmp)
	return s
}

// SortedStableFunc is SortedFunc keeping the order of equal elements.
func SortedStableFunc[E any](seq func(func(E) bool), cmp func(E, E) int) []E {
	s := Collect(seq)
	SortStableFunc(s, cmp)
	return s
}

// Chunk returns an iterator over consecutive sub-slices of up to n
// elements of s; all but the last have n elements. Each sub-slice has
// its capacity clipped, as in Go. It panics if n is less than 1.
func Chunk[E any](s []E, n int) func(func([]E) bool) {
	if n < 1 {
		panic("cannot be less than 1")
	}
	return func(yield func([]E) bool) {
		for i := 0; i < len(s); i += n {
			end := i + n
			if end > len(s) {
				end = len(s)
			}
			if !yield(s[i:end:end]) {
				return
			}
		}
	}
}

// BinarySearchFunc is BinarySearch with a comparison function (negative:
// the element sorts before target; zero: it matches).
func BinarySearchFunc[E, T any](x []E, target T, cmp func(E, T) int) (int, bool) {
	i := _yaksort.Search(len(x), func(i int) bool { return cmp(x[i], target) >= 0 })
	return i, i < len(x) && cmp(x[i], target) == 0
}
`

// mapsSupplement replaces the functions of yaegi's generic package maps
// that fail to compile when called, for the same reason as slices', and
// adds those of Go 1.23 (Keys, Values, All, Collect, Insert). EqualFunc
// stays yaegi's and does not compile: yaegi binds its V2 wrongly also in
// a version over map[K]V1 and map[K]V2.
const mapsSupplement = `package maps

// Equal reports whether two maps contain the same key/value pairs.
func Equal[K, V comparable](m1, m2 map[K]V) bool {
	if len(m1) != len(m2) {
		return false
	}
	for k, v1 := range m1 {
		if v2, ok := m2[k]; !ok || v1 != v2 {
			return false
		}
	}
	return true
}

// Clone returns a copy of m.
func Clone[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Keys returns an iterator over the keys of m (Go 1.23).
func Keys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Values returns an iterator over the values of m.
func Values[K comparable, V any](m map[K]V) func(func(V) bool) {
	return func(yield func(V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// All returns an iterator over the key-value pairs of m.
func All[K comparable, V any](m map[K]V) func(func(K, V) bool) {
	return func(yield func(K, V) bool) {
		for k, v := range m {
			if !yield(k, v) {
				return
			}
		}
	}
}

// Collect collects the key-value pairs of seq into a new map.
func Collect[K comparable, V any](seq func(func(K, V) bool)) map[K]V {
	out := map[K]V{}
	seq(func(k K, v V) bool {
		out[k] = v
		return true
	})
	return out
}

// Insert adds the key-value pairs of seq to m, overwriting existing keys.
func Insert[K comparable, V any](m map[K]V, seq func(func(K, V) bool)) {
	seq(func(k K, v V) bool {
		m[k] = v
		return true
	})
}

// Copy copies all key/value pairs of src into dst.
func Copy[K comparable, V any](dst, src map[K]V) {
	for k, v := range src {
		dst[k] = v
	}
}
`

// iterSource is package iter (Go 1.23), which yaegi lacks (ranging over
// an iterator is the engine's rewrite, see pass_rangefunc.go). Go runs the
// iterator of Pull as a coroutine; here it runs in a goroutine, started by
// the first call of next, that hands over one value at a time, as the
// range-over-function rewrite does. A panic in the iterator reaches the
// caller of next or stop, as in Go. Not as in Go: an iterator that yields
// again after yield returned false gets false again (Go panics). Pull
// takes a plain function type where Go's takes Seq[V]: yaegi infers V
// from a function type but not through a generic named type.
const iterSource = `package iter

// Seq is an iterator over sequences of individual values.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over sequences of pairs of values.
type Seq2[K, V any] func(yield func(K, V) bool)

// Pull converts the push iterator seq to a pull iterator: next returns
// the next value and true, or the zero value and false once seq is done
// or stop was called; stop ends the iteration.
func Pull[V any](seq func(yield func(V) bool)) (func() (V, bool), func()) {
	more := make(chan bool)
	vals := make(chan V)
	ends := make(chan any)
	started, finished := false, false
	run := func() {
		defer func() { ends <- recover() }()
		if !<-more {
			return
		}
		quit := false
		seq(func(v V) bool {
			if quit {
				return false
			}
			vals <- v
			if !<-more {
				quit = true
			}
			return !quit
		})
	}
	next := func() (V, bool) {
		var zero V
		if finished {
			return zero, false
		}
		if !started {
			started = true
			go run()
		}
		more <- true
		select {
		case v := <-vals:
			return v, true
		case p := <-ends:
			finished = true
			if p != nil {
				panic(p)
			}
			return zero, false
		}
	}
	stop := func() {
		if finished {
			return
		}
		finished = true
		if !started {
			return
		}
		more <- false
		if p := <-ends; p != nil {
			panic(p)
		}
	}
	return next, stop
}

// Pull2 is Pull for an iterator over pairs of values.
func Pull2[K, V any](seq func(yield func(K, V) bool)) (func() (K, V, bool), func()) {
	more := make(chan bool)
	keys := make(chan K)
	vals := make(chan V)
	ends := make(chan any)
	started, finished := false, false
	run := func() {
		defer func() { ends <- recover() }()
		if !<-more {
			return
		}
		quit := false
		seq(func(k K, v V) bool {
			if quit {
				return false
			}
			keys <- k
			vals <- v
			if !<-more {
				quit = true
			}
			return !quit
		})
	}
	next := func() (K, V, bool) {
		var zk K
		var zv V
		if finished {
			return zk, zv, false
		}
		if !started {
			started = true
			go run()
		}
		more <- true
		select {
		case k := <-keys:
			v := <-vals // (yaegi panics on a receive in a return)
			return k, v, true
		case p := <-ends:
			finished = true
			if p != nil {
				panic(p)
			}
			return zk, zv, false
		}
	}
	stop := func() {
		if finished {
			return
		}
		finished = true
		if !started {
			return
		}
		more <- false
		if p := <-ends; p != nil {
			panic(p)
		}
	}
	return next, stop
}
`
