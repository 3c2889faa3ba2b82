package goengine

import "testing"

func TestMethodValuePass(t *testing.T) {
	decls := "type V struct{ X int }\nfunc (v V) Get() int { return v.X }\nfunc (v *V) Set(x int) { v.X = x }\n"
	testPass(t, []passCase{
		{in: decls + "func f() func() int { v := V{1}; g := v.Get; v.Set(2); return g }", want: decls + "func f() func() int { v := V{1}; g := func() V { return v }().Get; v.Set(2); return g }", why: "a value-receiver method value copies its receiver"},
		{in: decls + "func f() func() int { p := &V{1}; return p.Get }", want: decls + "func f() func() int { p := &V{1}; return func() V { return *p }().Get }", why: "through a pointer, the value it points to is copied"},
		{in: decls + "func f() func(int) { v := V{1}; return v.Set }", want: decls + "func f() func(int) { v := V{1}; return v.Set }", why: "a pointer-receiver method value binds the variable itself"},
		{in: decls + "func f() int { v := V{1}; return v.Get() }", want: decls + "func f() int { v := V{1}; return v.Get() }", why: "a call is not a method value"},
		{in: decls + "func f() int { v := V{1}; return v.X }", want: decls + "func f() int { v := V{1}; return v.X }", why: "a field is not a method"},
	})
}
