package goengine

import "testing"

func TestRenamePass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func main() {}", want: "func main_ʸ0() {}", why: "yaegi would run a declared main after every later cell"},
		{setup: []string{"type T struct{ a int }", "type T struct{ b int }"}, in: "var t T", want: "var t T_ʸ1", why: "yaegi cannot declare a type twice: the redefined T has an internal name"},
	})
}
