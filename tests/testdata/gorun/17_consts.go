package main

import "fmt"

// %%
type Weekday int

// %%
const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

// %%
func (d Weekday) String() string { return [...]string{"Sun", "Mon", "Tue"}[d] }

// %%
const (
	_  = iota
	KB = 1 << (10 * iota)
	MB
	GB
)

// %%
const Big = 1 << 100

// %%
type Flags uint8

// %%
const (
	Read Flags = 1 << iota
	Write
	Exec
)

// %%
func main() {
	fmt.Println(Sunday, Tuesday, Monday+1)
	fmt.Printf("%v %d %T\n", Tuesday, Tuesday, Tuesday)
	fmt.Println(KB, MB, GB, Big>>98)
	var f float64 = 3 / 2
	var g float64 = 3.0 / 2
	fmt.Println(f, g, 7/2, -7/2, -7%3)
	perm := Read | Exec
	fmt.Println(perm, perm&Write != 0, perm&Exec != 0)
	fmt.Printf("%08b\n", perm)
	const typed int8 = 100
	u := uint8(200)
	fmt.Println(typed+27, u+100)
	x := 0.1
	fmt.Println(x+0.2, 0.1+0.2)
}
