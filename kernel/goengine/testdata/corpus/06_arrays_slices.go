package main

import (
	"fmt"
	"slices"
)

func main() {
	var a [5]int
	a[4] = 100
	fmt.Println("arr:", a, len(a))
	b := [...]int{1, 2, 3, 4, 5}
	fmt.Println(b)
	var twoD [2][3]int
	for i := range 2 {
		for j := range 3 {
			twoD[i][j] = i + j
		}
	}
	fmt.Println("2d:", twoD)
	s := make([]string, 3)
	s[0], s[1], s[2] = "a", "b", "c"
	s = append(s, "d")
	s = append(s, "e", "f")
	c := make([]string, len(s))
	copy(c, s)
	fmt.Println(s, c, s[2:5], s[:5], s[2:])
	t := []string{"g", "h", "i"}
	t2 := []string{"g", "h", "i"}
	if slices.Equal(t, t2) {
		fmt.Println("t == t2")
	}
	fmt.Println(slices.Contains(t, "h"), slices.Index(t, "i"))
}
