package main

import (
	"fmt"
	"sync"
)

// %%
type job struct {
	id, n int
}

// %%
type result struct {
	id, sq int
}

// %%
func worker(jobs <-chan job, out chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		out <- result{j.id, j.n * j.n}
	}
}

// %%
func main() {
	jobs := make(chan job)
	out := make(chan result, 10)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go worker(jobs, out, &wg)
	}
	for i := 0; i < 10; i++ {
		jobs <- job{i, i + 1}
	}
	close(jobs)
	wg.Wait()
	close(out)
	res := make([]int, 10)
	for r := range out {
		res[r.id] = r.sq
	}
	fmt.Println(res)
	done := make(chan struct{})
	var mu sync.Mutex
	total := 0
	for i := range 100 {
		go func() {
			mu.Lock()
			total += i
			mu.Unlock()
			done <- struct{}{}
		}()
	}
	for range 100 {
		<-done
	}
	fmt.Println(total)
}
