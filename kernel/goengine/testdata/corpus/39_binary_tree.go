package main

import (
	"fmt"
	"strings"
)

type Tree struct {
	Left  *Tree
	Value int
	Right *Tree
}

func insert(t *Tree, v int) *Tree {
	if t == nil {
		return &Tree{nil, v, nil}
	}
	if v < t.Value {
		t.Left = insert(t.Left, v)
	} else {
		t.Right = insert(t.Right, v)
	}
	return t
}

func (t *Tree) Walk(f func(int)) {
	if t == nil {
		return
	}
	t.Left.Walk(f)
	f(t.Value)
	t.Right.Walk(f)
}

func (t *Tree) String() string {
	var parts []string
	t.Walk(func(v int) { parts = append(parts, fmt.Sprint(v)) })
	return "(" + strings.Join(parts, " ") + ")"
}

func main() {
	var t *Tree
	for _, v := range []int{5, 3, 8, 1, 4, 9} {
		t = insert(t, v)
	}
	fmt.Println(t.String())
	sum := 0
	t.Walk(func(v int) { sum += v })
	fmt.Println("sum", sum)
}
