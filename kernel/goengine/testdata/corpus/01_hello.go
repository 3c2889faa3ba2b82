package main

import "fmt"

func main() {
	fmt.Println("hello world")
	fmt.Println("go" + "lang")
	fmt.Println("1+1 =", 1+1)
	fmt.Println("7.0/3.0 =", 7.0/3.0)
	fmt.Println(true && false, true || false, !true)
}
