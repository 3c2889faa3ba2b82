package main

import (
	"fmt"
	"math/bits"
	"strings"
)

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
)

func (p Perm) String() string {
	var parts []string
	for _, f := range []struct {
		p    Perm
		name string
	}{{Read, "r"}, {Write, "w"}, {Exec, "x"}} {
		if p&f.p != 0 {
			parts = append(parts, f.name)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "")
}

func main() {
	p := Read | Exec
	fmt.Println(p, Perm(0), Read|Write|Exec)
	fmt.Println(bits.OnesCount(255), bits.LeadingZeros8(1), bits.Reverse8(1))
	fmt.Printf("%08b %x %o\n", 5, 255, 8)
	x := uint(0b1011)
	x &^= 0b10
	fmt.Println(x)
}
