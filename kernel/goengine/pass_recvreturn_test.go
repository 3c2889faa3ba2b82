package goengine

import "testing"

func TestRecvReturnPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func next(c chan int) int { return <-c }", want: "func next(c chan int) int { return (<-c) }",
			why: "yaegi panics storing a returned receive into the result: the receive is parenthesized"},
		{in: "func next(c chan int) (int, error) { return <-c, nil }", want: "func next(c chan int) (int, error) { return (<-c), nil }",
			why: "a receive among several results likewise"},
		{in: "f := func(c chan int) int { return <-c }", want: "f := func(c chan int) int { return (<-c) }", why: "in a function literal too"},
		{in: "func next(c chan int) int { return (<-c) }", want: "func next(c chan int) int { return (<-c) }", why: "already parenthesized: left alone"},
		{in: "func f(c chan int) int { v := <-c; return -v }", want: "func f(c chan int) int { v := <-c; return -v }", why: "another unary operator: left alone"},
	})
}
