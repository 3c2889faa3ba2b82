package main

import (
	"errors"
	"fmt"
	"runtime"
)

// %%
type myErr struct{ code int }

// %%
func (e *myErr) Error() string { return fmt.Sprint("code ", e.code) }

// %%
func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

// %%
func index(xs []int, i int) (v int, err error) {
	defer func() {
		r := recover()
		if re, ok := r.(runtime.Error); ok {
			err = re
		}
	}()
	return xs[i], nil
}

// %%
func custom() (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			}
		}
	}()
	panic(&myErr{7})
}

// %%
func main() {
	fmt.Println(safeDiv(6, 3))
	fmt.Println(safeDiv(1, 0))
	fmt.Println(index([]int{1}, 4))
	err := custom()
	var me *myErr
	fmt.Println(err, errors.As(err, &me), me.code)
	func() {
		defer func() { fmt.Println("re-recovered:", recover()) }()
		func() {
			defer func() {
				r := recover()
				panic(fmt.Sprint("again: ", r))
			}()
			panic("first")
		}()
	}()
	var m map[string]int
	func() {
		defer func() { fmt.Println(recover()) }()
		m["x"] = 1
	}()
	var p *myErr
	func() {
		defer func() { fmt.Println(recover()) }()
		fmt.Println(p.code)
	}()
}
