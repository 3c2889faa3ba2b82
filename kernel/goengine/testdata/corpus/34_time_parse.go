package main

import (
	"fmt"
	"strconv"
	"time"
)

func main() {
	then := time.Date(2009, 11, 17, 20, 34, 58, 651387237, time.UTC)
	fmt.Println(then.Year(), then.Month(), then.Day(), then.Weekday())
	fmt.Println(then.Format(time.RFC3339))
	d := 90 * time.Minute
	fmt.Println(d, d.Hours())
	later := then.Add(d)
	fmt.Println(later.Sub(then), later.After(then))
	f, _ := strconv.ParseFloat("1.234", 64)
	fmt.Println(f)
	i, _ := strconv.ParseInt("123", 0, 64)
	fmt.Println(i)
	k, _ := strconv.Atoi("135")
	fmt.Println(k)
	_, e := strconv.Atoi("wat")
	fmt.Println(e)
}
