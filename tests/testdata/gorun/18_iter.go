package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
)

// %%
func Pairs[T any](xs []T) iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i, x := range xs {
			if !yield(i, x) {
				return
			}
		}
	}
}

// %%
func firstOver(xs []int, n int) int {
	for _, x := range Pairs(xs) {
		if x > n {
			return x
		}
	}
	return -1
}

// %%
func Fib() iter.Seq[int] {
	return func(yield func(int) bool) {
		a, b := 0, 1
		for {
			if !yield(a) {
				return
			}
			a, b = b, a+b
		}
	}
}

// %%
func main() {
	for i, s := range Pairs([]string{"a", "b"}) {
		fmt.Print(i, s, " ")
	}
	fmt.Println()
	fmt.Println(firstOver([]int{1, 5, 10}, 4), firstOver([]int{1}, 4))
	for f := range Fib() {
		if f > 50 {
			break
		}
		fmt.Print(f, " ")
	}
	fmt.Println()
	next, stop := iter.Pull(Fib())
	for range 5 {
		v, _ := next()
		fmt.Print(v, ",")
	}
	stop()
	fmt.Println()
	m := map[string]int{"b": 2, "a": 1}
	fmt.Println(slices.Sorted(maps.Values(m)), slices.Collect(maps.Keys(map[int]bool{7: true})))
	for i := range 3 {
		defer fmt.Println("deferred", i)
	}
}
