package main

import (
	"fmt"
	"strings"
)

// %%
type Counter struct{ n int }

// %%
func (c *Counter) Inc()      { c.n++ }
func (c Counter) Value() int { return c.n }

// %%
type HandlerFunc func(string) string

// %%
func (f HandlerFunc) Handle(s string) string { return "[" + f(s) + "]" }

// %%
type Handler interface{ Handle(string) string }

// %%
func main() {
	c := Counter{}
	inc := c.Inc
	inc()
	inc()
	val := c.Value
	c.Inc()
	fmt.Println(c.n, val(), c.Value())
	f := (*Counter).Inc
	f(&c)
	g := Counter.Value
	fmt.Println(g(c))
	var h Handler = HandlerFunc(strings.ToUpper)
	fmt.Println(h.Handle("go"))
	fs := map[string]func(*Counter){"inc": (*Counter).Inc}
	fs["inc"](&c)
	fmt.Println(c.Value())
	fmt.Printf("%T\n", f)
}
