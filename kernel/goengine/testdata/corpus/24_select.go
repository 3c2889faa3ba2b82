package main

import "fmt"

func main() {
	c1 := make(chan string, 1)
	c2 := make(chan string, 1)
	c1 <- "one"
	got := 0
	for got < 2 {
		select {
		case msg1 := <-c1:
			fmt.Println("received", msg1)
			c2 <- "two"
			got++
		case msg2 := <-c2:
			fmt.Println("received", msg2)
			got++
		}
	}
	messages := make(chan string)
	select {
	case msg := <-messages:
		fmt.Println("received message", msg)
	default:
		fmt.Println("no message received")
	}
}
