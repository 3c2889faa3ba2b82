package main

import (
	"errors"
	"fmt"
	"strconv"
)

var ErrEmpty = errors.New("empty input")

func parseAll(ss []string) ([]int, error) {
	if len(ss) == 0 {
		return nil, ErrEmpty
	}
	var out []int
	var errs []error
	for _, s := range ss {
		n, err := strconv.Atoi(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("parse %q: %w", s, err))
			continue
		}
		out = append(out, n)
	}
	return out, errors.Join(errs...)
}

func main() {
	nums, err := parseAll([]string{"1", "x", "3", "y"})
	fmt.Println(nums)
	fmt.Println(err)
	_, err = parseAll(nil)
	fmt.Println(errors.Is(err, ErrEmpty))
	var numErr *strconv.NumError
	_, err = parseAll([]string{"z"})
	fmt.Println(errors.As(err, &numErr), numErr.Func)
}
