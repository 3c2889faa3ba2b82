package main

import (
	"fmt"
	"sort"
	"sync"
)

// %%
func makeAdders() []func(int) int {
	var fs []func(int) int
	for i := 0; i < 3; i++ {
		fs = append(fs, func(x int) int { return x + i })
	}
	return fs
}

// %%
func counterGen() func() int {
	c := 0
	return func() int {
		c++
		return c
	}
}

// %%
func main() {
	for _, f := range makeAdders() {
		fmt.Print(f(10), " ")
	}
	fmt.Println()
	var prints []func()
	for _, s := range []string{"a", "b", "c"} {
		prints = append(prints, func() { fmt.Print(s) })
	}
	for _, p := range prints {
		p()
	}
	fmt.Println()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var seen []int
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			seen = append(seen, i)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Ints(seen)
	fmt.Println(seen)
	next := counterGen()
	next()
	next()
	fmt.Println(next())
	ptrs := []*int{}
	for i := 0; i < 3; i++ {
		ptrs = append(ptrs, &i)
	}
	fmt.Println(*ptrs[0], *ptrs[1], *ptrs[2])
}
