package main

import (
	"errors"
	"fmt"
)

// %%
type Temp float64

// %%
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }

// %%
type reading struct {
	Where string
	T     Temp
}

// %%
type NotFound struct{ Key string }

// %%
func (e NotFound) Error() string { return "not found: " + e.Key }

// %%
func find(k string) error { return NotFound{k} }

// %%
func main() {
	ts := []Temp{1, 2.5}
	fmt.Println(ts, map[string]Temp{"a": 3})
	fmt.Printf("%v %+v\n", reading{"lab", 21}, reading{"lab", 21})
	fmt.Println(&reading{"x", 1})
	var s fmt.Stringer = Temp(4)
	fmt.Println(s)
	err := fmt.Errorf("lookup: %w", find("k"))
	fmt.Println(err)
	var nf NotFound
	fmt.Println(errors.As(err, &nf), nf.Key)
	fmt.Printf("%s|%q|%v|%d\n", Temp(5), Temp(5), []any{Temp(6)}, 7)
}
