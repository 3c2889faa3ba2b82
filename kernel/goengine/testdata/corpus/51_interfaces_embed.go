package main

import (
	"fmt"
	"io"
	"strings"
)

type Animal interface {
	Sound() string
	Name() string
}

type base struct{ name string }

func (b base) Name() string { return b.name }

type Dog struct{ base }

func (Dog) Sound() string { return "woof" }

type Cat struct {
	base
	lives int
}

func (c Cat) Sound() string { return fmt.Sprintf("meow (%d lives)", c.lives) }

type upper struct{ r io.Reader }

func (u upper) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	copy(p, strings.ToUpper(string(p[:n])))
	return n, err
}

func main() {
	zoo := []Animal{Dog{base{"rex"}}, Cat{base{"tom"}, 9}}
	for _, a := range zoo {
		fmt.Printf("%s says %s\n", a.Name(), a.Sound())
		switch v := a.(type) {
		case Cat:
			fmt.Println("a cat with", v.lives, "lives")
		case Dog:
			fmt.Println("a dog")
		}
	}
	b, _ := io.ReadAll(upper{strings.NewReader("shout")})
	fmt.Println(string(b))
}
