package main

import "fmt"

// %%
type inner struct {
	A int
	b string
}

// %%
type outer struct {
	In   inner
	P    *inner
	List []inner
	M    map[string]inner
}

// %%
func main() {
	in := inner{1, "x"}
	o := outer{In: in, P: &in, List: []inner{in}, M: map[string]inner{"k": in}}
	fmt.Printf("%v\n%+v\n", o.In, o.In)
	fmt.Printf("%#v\n", o.In)
	fmt.Printf("%T %T %T %T\n", o, o.P, o.List, o.M)
	fmt.Printf("%v %+v\n", o.List, o.M)
	fmt.Printf("%v\n", &in)
	fmt.Println(o.In, []any{in, &in == nil})
	var ip *inner
	fmt.Printf("%v %+v %#v\n", ip, ip, ip)
	fmt.Printf("%#v\n", []inner{{2, "y"}})
}
