package goengine

import "testing"

// Values of cell error types become the error interface as in Go: a
// value-receiver Error method is kept in a variable of type error and
// through fmt.Errorf's %w (yaegi printed {x}, or panicked with
// "reflect.Set: ... not assignable to type error"); the errorf pass.
func TestCellErrorValues(t *testing.T) {
	goOutputs(t, []string{"import \"errors\"\nimport \"fmt\"", "type E2 struct{ msg string }\nfunc (e E2) Error() string { return \"e2: \" + e.msg }\ntype MyErr struct{ err error }\nfunc (e MyErr) Error() string { return \"my: \" + e.err.Error() }\ntype E4 struct{ msg string }\nfunc (e *E4) Error() string { return \"e4: \" + e.msg }"}, []goOutput{
		{"var a error = E2{\"x\"}\nfmt.Println(a)", "e2: x\n"},
		{"var g error = E2{\"g\"}\nfmt.Println(g.Error())", "e2: g\n"},
		{"fmt.Println(fmt.Errorf(\"w: %w\", E2{\"y\"}))", "w: e2: y\n"},
		{"fmt.Println(fmt.Errorf(\"w: %w\", MyErr{errors.New(\"z\")}))", "w: my: z\n"},
		{"var e error = MyErr{errors.New(\"x\")}\nfmt.Println(e)", "my: x\n"},
		{"func f1() { var a error = E2{\"in\"}; fmt.Println(a) }\nf1()", "e2: in\n"},
		{"func f2() { var a error; a = E2{\"in2\"}; fmt.Println(a) }\nf2()", "e2: in2\n"},
		{"func f3() (err error) { err = E2{\"in3\"}; return }\nfmt.Println(f3())", "e2: in3\n"},
		{"func f4() { err := fmt.Errorf(\"w: %w\", E2{\"in4\"}); fmt.Println(err) }\nf4()", "w: e2: in4\n"},
		{"var p *E4\nfmt.Println(errors.As(fmt.Errorf(\"w: %w\", &E4{\"q\"}), &p), p)", "true e4: q\n"},
	})
}

// goOutput is a cell and the standard output that Go gives it.
type goOutput struct{ code, want string }

// goOutputs runs the setup cells, then checks each case's output, in the
// interpreter.
func goOutputs(t *testing.T, setup []string, cases []goOutput) {
	t.Helper()
	t.Setenv("YAK_GO", "off")
	e := newEngine(t, Options{})
	for _, s := range setup {
		must(t, e, s)
	}
	for _, c := range cases {
		r, _, err := run(t, e, c.code)
		if err != nil || r.stdout() != c.want {
			t.Errorf("%q: stdout %q err %v, want %q (Go's)", c.code, r.stdout(), err, c.want)
		}
	}
}
