package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
)

// cellIO records what a cell prints.
type cellIO struct{ out, err strings.Builder }

func (c *cellIO) Stdout() io.Writer                  { return &c.out }
func (c *cellIO) Stderr() io.Writer                  { return &c.err }
func (c *cellIO) Publish(display.Bundle, bool)       {}
func (c *cellIO) Clear(bool)                         {}
func (c *cellIO) Input(string, bool) (string, error) { return "", io.EOF }

var _ kernel.ExecIO = (*cellIO)(nil)

// runCells runs cells in the engine `yak kernel` builds and returns the
// text/plain value of the last one.
func runCells(t *testing.T, cells ...string) string {
	t.Helper()
	e, err := newInterpreter()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var last string
	for _, c := range cells {
		io := &cellIO{}
		b, err := e.Execute(context.Background(), c, io)
		if err != nil {
			t.Fatalf("%q: %v (stderr %q)", c, err, io.err.String())
		}
		last = ""
		if b != nil {
			last, _ = b.Data["text/plain"].(string)
		}
	}
	return last
}

// gonum's mat, stat, floats and optimize are the compiled packages in a
// cell (plugins/symbols exports them), not interpreted source: a Dense
// made in a cell has the compiled type, whose package path reflect
// reports (a type that yaegi builds has none).
func TestGonumCompiled(t *testing.T) {
	got := runCells(t,
		`import ("reflect"; "gonum.org/v1/gonum/mat"; "gonum.org/v1/gonum/stat"; "gonum.org/v1/gonum/floats"; "gonum.org/v1/gonum/optimize")`,
		"a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\nvar c mat.Dense\nc.Mul(a, a)\n"+
			"res, err := optimize.Minimize(optimize.Problem{Func: func(x []float64) float64 { return (x[0]-3)*(x[0]-3) }}, []float64{0}, nil, &optimize.NelderMead{})\n"+
			"fmt.Sprintf(\"%s %v %v %v %.3f %v\", reflect.TypeOf(a).Elem().PkgPath(), c.At(1, 1), stat.Mean([]float64{1, 2, 3}, nil), floats.Sum([]float64{1, 2}), res.X[0], err)",
	)
	if want := `gonum.org/v1/gonum/mat 22 2 3 3.000 <nil>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
