package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// %%
type key struct {
	x, y int
}

// %%
func wordCount(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.Fields(s) {
		m[strings.ToLower(w)]++
	}
	return m
}

// %%
func main() {
	wc := wordCount("the cat The dog the end")
	for _, k := range slices.Sorted(maps.Keys(wc)) {
		fmt.Print(k, "=", wc[k], " ")
	}
	fmt.Println()
	fmt.Println(wc)
	grid := map[key]string{{1, 2}: "a", {0, 0}: "o"}
	fmt.Println(grid[key{1, 2}], len(grid), grid)
	groups := map[bool][]int{}
	for i := range 6 {
		groups[i%2 == 0] = append(groups[i%2 == 0], i)
	}
	fmt.Println(groups)
	v, ok := grid[key{9, 9}]
	fmt.Printf("%q %v\n", v, ok)
	delete(grid, key{0, 0})
	fmt.Println(len(grid))
	nested := map[string]map[string]int{"a": {"x": 1}}
	nested["b"] = map[string]int{}
	nested["b"]["y"]++
	fmt.Println(nested)
}
