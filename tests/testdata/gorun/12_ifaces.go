package main

import (
	"fmt"
	"math"
)

// %%
type Shape interface {
	Area() float64
	Perimeter() float64
}

// %%
type Named interface {
	Shape
	Name() string
}

// %%
type Rect struct{ W, H float64 }

// %%
func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }

// %%
type Circle struct{ R float64 }

// %%
func (c *Circle) Area() float64      { return math.Pi * c.R * c.R }
func (c *Circle) Perimeter() float64 { return 2 * math.Pi * c.R }
func (c *Circle) Name() string       { return "circle" }

// %%
func describe(x any) string {
	switch v := x.(type) {
	case Named:
		return "named " + v.Name()
	case Shape:
		return fmt.Sprintf("shape %.2f", v.Area())
	case int, int64:
		return fmt.Sprintf("integer %v", v)
	case nil:
		return "nil"
	default:
		return fmt.Sprintf("other %T", v)
	}
}

// %%
func main() {
	shapes := []Shape{Rect{2, 3}, &Circle{1}}
	for _, s := range shapes {
		fmt.Printf("%T %.2f %.2f\n", s, s.Area(), s.Perimeter())
	}
	fmt.Println(describe(Rect{1, 1}), describe(&Circle{2}), describe(3), describe(nil), describe("s"))
	var x any = Rect{1, 2}
	_, isShape := x.(Shape)
	_, isNamed := x.(Named)
	fmt.Println(isShape, isNamed)
	var s Shape = &Circle{1}
	if n, ok := s.(Named); ok {
		fmt.Println(n.Name())
	}
}
