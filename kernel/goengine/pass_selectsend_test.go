package goengine

import "testing"

func TestSelectSendPass(t *testing.T) {
	decl := "type R struct{ N int }\n"
	testPass(t, []passCase{
		{in: decl + "func f(c chan R, n int) { select { case c <- R{n * 2}: } }",
			want: decl + "func f(c chan R, n int) { { _yakSend1 := R{n * 2}; select { case c <- _yakSend1: } } }",
			why:  "a composite literal sent from a select's case is made before the select (yaegi zeroed its computed elements)"},
		{in: decl + "func f(c chan R, d chan *R, x chan int, n int) { select { case c <- R{n}: case x <- n: case d <- &R{n}: default: } }",
			want: decl + "func f(c chan R, d chan *R, x chan int, n int) { { _yakSend1 := R{n}; _yakSend2 := &R{n}; select { case c <- _yakSend1: case x <- n: case d <- _yakSend2: default: } } }",
			why:  "in the order of the cases; a plain value stays"},
		{in: "func f(c chan func() int, n int) { loop: select { case c <- func() int { return n }: break loop } }",
			want: "func f(c chan func() int, n int) { { _yakSend1 := func() int { return n }; loop: select { case c <- _yakSend1: if true { break loop } } } }",
			why:  "a function literal too; the label stays on the select"},
		{in: "func f(c chan int, n int) { select { case c <- n + 1: case v := <-c: _ = v } }",
			want: "func f(c chan int, n int) { select { case c <- n + 1: case v := <-c: _ = v } }",
			why:  "an arithmetic value is computed by yaegi: left alone"},
	})
}
