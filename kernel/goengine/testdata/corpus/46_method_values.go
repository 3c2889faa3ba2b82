package main

import (
	"fmt"
	"strings"
)

type Counter struct{ n int }

func (c *Counter) Inc()          { c.n++ }
func (c Counter) String() string { return fmt.Sprintf("Counter(%d)", c.n) }

type Op func(int, int) int

func apply(op Op, a, b int) int { return op(a, b) }

func main() {
	c := &Counter{}
	inc := c.Inc
	for range 3 {
		inc()
	}
	fmt.Println(c)
	f := (*Counter).Inc
	f(c)
	fmt.Println(c.n)
	add := func(a, b int) int { return a + b }
	fmt.Println(apply(add, 2, 3), apply(func(a, b int) int { return a * b }, 2, 3))
	up := strings.ToUpper
	fmt.Println(up("go"))
}
