package main

import (
	"container/heap"
	"fmt"
	"sort"
)

// %%
type byAge []person

// %%
type person struct {
	Name string
	Age  int
}

// %%
func (a byAge) Len() int           { return len(a) }
func (a byAge) Less(i, j int) bool { return a[i].Age < a[j].Age }
func (a byAge) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }

// %%
type IntHeap []int

// %%
func (h IntHeap) Len() int           { return len(h) }
func (h IntHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h IntHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *IntHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *IntHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	return x
}

// %%
func main() {
	ps := []person{{"a", 30}, {"b", 20}, {"c", 25}}
	sort.Sort(byAge(ps))
	fmt.Println(ps)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Name > ps[j].Name })
	fmt.Println(ps, sort.IsSorted(byAge(ps)))
	h := &IntHeap{5, 2, 8}
	heap.Init(h)
	heap.Push(h, 1)
	for h.Len() > 0 {
		fmt.Print(heap.Pop(h), " ")
	}
	fmt.Println()
	i := sort.Search(100, func(i int) bool { return i*i >= 50 })
	fmt.Println(i)
}
