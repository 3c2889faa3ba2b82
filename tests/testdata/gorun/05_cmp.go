package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// %%
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// %%
func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

// %%
func MaxOf[T cmp.Ordered](xs []T) T {
	m := xs[0]
	for _, x := range xs[1:] {
		m = max(m, x)
	}
	return m
}

// %%
type person struct {
	name string
	age  int
}

// %%
func main() {
	fmt.Println(MaxOf([]int{3, 9, 2}), MaxOf([]string{"b", "c", "a"}))
	ps := []person{{"bob", 30}, {"ann", 30}, {"cid", 20}}
	slices.SortFunc(ps, func(a, b person) int {
		return cmp.Or(cmp.Compare(a.age, b.age), strings.Compare(a.name, b.name))
	})
	fmt.Println(ps)
	idx, found := slices.BinarySearchFunc(ps, 30, func(p person, age int) int { return cmp.Compare(p.age, age) })
	fmt.Println(idx, found)
	pairs := []Pair[string, int]{{"a", 1}, {"b", 2}}
	fmt.Println(pairs, pairs[0])
	fmt.Printf("%+v %T\n", pairs[1], pairs[1])
}
