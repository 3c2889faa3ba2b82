package main

import "fmt"

// %%
var total = compute() + offset

// %%
var offset = base * 2

// %%
var base = 5

// %%
func compute() int {
	fmt.Println("compute runs, base =", base)
	return base + 1
}

// %%
var registry = map[string]int{}

// %%
func init() {
	registry["first"] = total
	fmt.Println("init 1, total =", total)
}

// %%
func init() {
	registry["second"] = len(registry)
	fmt.Println("init 2")
}

// %%
func main() {
	fmt.Println(total, offset, base, registry)
}
