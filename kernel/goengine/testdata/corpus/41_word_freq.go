package main

import (
	"bufio"
	"fmt"
	"sort"
	"strings"
)

const text = `the quick brown fox jumps over the lazy dog
the dog barks
a fox runs`

func main() {
	counts := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(text))
	lines := 0
	for sc.Scan() {
		lines++
		for _, w := range strings.Fields(sc.Text()) {
			counts[w]++
		}
	}
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range counts {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool {
		if kvs[i].v != kvs[j].v {
			return kvs[i].v > kvs[j].v
		}
		return kvs[i].k < kvs[j].k
	})
	fmt.Println("lines:", lines)
	for _, e := range kvs[:3] {
		fmt.Println(e.k, e.v)
	}
}
