package main

import (
	"fmt"
	"sort"
	"sync"
)

func worker(id int, results chan<- string) {
	results <- fmt.Sprintf("worker %d done", id)
}

func main() {
	var wg sync.WaitGroup
	results := make(chan string, 5)
	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(i, results)
		}()
	}
	wg.Wait()
	close(results)
	var out []string
	for r := range results {
		out = append(out, r)
	}
	sort.Strings(out)
	for _, r := range out {
		fmt.Println(r)
	}
}
