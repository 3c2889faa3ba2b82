package main

import "fmt"

func main() {
outer:
	for i := range 4 {
		for j := range 4 {
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()
	n := 0
loop:
	if n < 3 {
		n++
		goto loop
	}
	fmt.Println("n =", n)
	switch x := 5; {
	case x > 3:
		fmt.Println("big")
	}
}
