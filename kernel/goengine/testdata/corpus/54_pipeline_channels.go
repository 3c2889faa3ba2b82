package main

import "fmt"

func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n
		}
		close(out)
	}()
	return out
}

func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for n := range in {
			out <- n * n
		}
		close(out)
	}()
	return out
}

func main() {
	for n := range sq(sq(gen(1, 2, 3))) {
		fmt.Println(n)
	}
	done := make(chan struct{})
	results := make(chan string, 3)
	go func() {
		defer close(done)
		for i := range 3 {
			results <- fmt.Sprintf("job %d", i)
		}
	}()
	<-done
	close(results)
	for r := range results {
		fmt.Println(r)
	}
}
