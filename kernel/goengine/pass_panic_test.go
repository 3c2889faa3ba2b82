package goengine

import "testing"

func TestPanicPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(e error) { panic(e) }", want: "func f(e error) { { _yakPv1 := e; _yakPanicNote(_yakPv1); panic(_yakPv1) } }",
			why: "compiled code cannot call the Error method of a cell type: the engine learns the text first"},
	})
}
