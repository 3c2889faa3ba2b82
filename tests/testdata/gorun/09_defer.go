package main

import "fmt"

// %%
func order() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("body done")
}

// %%
func counter() (n int) {
	defer func() { n *= 2 }()
	n = 3
	return n + 1
}

// %%
func argsNow() {
	x := 1
	defer fmt.Println("arg evaluated at defer:", x)
	x = 2
	defer func() { fmt.Println("closure sees:", x) }()
	x = 3
}

// %%
type res struct{ name string }

// %%
func (r *res) Close() { fmt.Println("close", r.name) }

// %%
func use() {
	a, b := &res{"a"}, &res{"b"}
	defer a.Close()
	defer b.Close()
	fmt.Println("using")
}

// %%
func main() {
	order()
	fmt.Println(counter())
	argsNow()
	use()
	for i := range 2 {
		func() {
			defer fmt.Println("inner defer", i)
		}()
	}
}
