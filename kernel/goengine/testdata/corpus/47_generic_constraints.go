package main

import (
	"fmt"
	"sort"
)

type Number interface {
	~int | ~int64 | ~float64
}

func SumNumbers[N Number](xs []N) N {
	var s N
	for _, x := range xs {
		s += x
	}
	return s
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func SortedPairs[V any](m map[string]V) []Pair[string, V] {
	var out []Pair[string, V]
	for k, v := range m {
		out = append(out, Pair[string, V]{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

type MyInt int

func main() {
	fmt.Println(SumNumbers([]int{1, 2, 3}))
	fmt.Println(SumNumbers([]float64{1.5, 2}))
	fmt.Println(SumNumbers([]MyInt{4, 5}))
	for _, p := range SortedPairs(map[string]int{"b": 2, "a": 1}) {
		fmt.Println(p.Key, p.Val)
	}
}
