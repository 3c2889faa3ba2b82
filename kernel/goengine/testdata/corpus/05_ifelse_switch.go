package main

import "fmt"

func classify(i interface{}) string {
	switch t := i.(type) {
	case bool:
		return "bool"
	case int:
		return fmt.Sprintf("int %d", t)
	default:
		return fmt.Sprintf("other %T", t)
	}
}

func main() {
	if 7%2 == 0 {
		fmt.Println("7 is even")
	} else {
		fmt.Println("7 is odd")
	}
	if num := 9; num < 0 {
		fmt.Println(num, "is negative")
	} else if num < 10 {
		fmt.Println(num, "has 1 digit")
	}
	i := 2
	switch i {
	case 1:
		fmt.Println("one")
	case 2:
		fmt.Println("two")
	}
	switch {
	case i > 1:
		fmt.Println("big")
		fallthrough
	default:
		fmt.Println("fell")
	}
	fmt.Println(classify(true), classify(1), classify("hey"))
}
