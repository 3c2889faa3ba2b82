package main

import (
	"fmt"
	"time"
)

// %%
func produce(n int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

// %%
func main() {
	ch := produce(3)
	sum := 0
	for {
		v, ok := <-ch
		if !ok {
			break
		}
		sum += v
	}
	fmt.Println("sum", sum)
	var nilch chan int
	select {
	case v := <-nilch:
		fmt.Println("impossible", v)
	default:
		fmt.Println("default taken")
	}
	timeout := time.After(20 * time.Millisecond)
	tick := make(chan int)
	select {
	case <-tick:
		fmt.Println("tick")
	case <-timeout:
		fmt.Println("timed out")
	}
	closed := make(chan string)
	close(closed)
	select {
	case s, ok := <-closed:
		fmt.Printf("closed %q %v\n", s, ok)
	case <-time.After(time.Second):
		fmt.Println("never")
	}
	buf := make(chan int, 2)
	buf <- 1
	buf <- 2
	select {
	case buf <- 3:
		fmt.Println("sent")
	default:
		fmt.Println("full", len(buf), cap(buf))
	}
}
