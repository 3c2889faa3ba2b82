package display

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

func resultsTable() *Table {
	t := NewTable("method", "accuracy", "ECE", "time", "note")
	t.Caption = "CIFAR-10 calibration (5 seeds)"
	t.AddRow("baseline", MeanSE([]float64{0.81, 0.82, 0.80, 0.815, 0.805}), 0.0812, 2*time.Second, "")
	t.AddRow("temperature", PlusMinus(0.8123, 0.0041), 0.0234, 3*time.Second+500*time.Millisecond, "<T=1.7>")
	t.AddRow("ours", PlusMinus(0.8201, 0.0038), 0.0119, 4*time.Second)
	return t.HighlightMax("accuracy").HighlightMin("ECE")
}

func TestTableGolden(t *testing.T) {
	tab := resultsTable()
	golden(t, "table.txt", tab.String()+"\n")
	golden(t, "table.html", tab.HTML()+"\n")
	b := Render(tab)
	if b.Data["text/html"] != tab.HTML() || b.Data["text/plain"] != tab.String() {
		t.Error("Render(table) does not carry the table's HTML and text")
	}
}

func TestTableShapes(t *testing.T) {
	tests := []struct {
		name string
		tab  *Table
		want string
	}{
		{"empty", NewTable(), ""},
		{"header only", NewTable("a", "bb"), "a  bb\n-  --"},
		{"ragged rows", NewTable("x").AddRow(1, "extra").AddRow(), "x\n-  -----\n1  extra"},
		{"format", NewTable("p", "s").SetFormat("p", "%.1f%%").SetFormat("s", "%.2f").SetFormat("nope", "%d").
			AddRow(12.345, PlusMinus(1, 0.25)), "    p            s\n-----  -----------\n12.3%  1.00 ± 0.25"},
		{"mixed column aligns left", NewTable("v").AddRow(1).AddRow("n/a"), "v\n---\n1\nn/a"},
		{"nil cells", NewTable("a", "b").AddRow(nil, 2.5), "a      b\n-  -----\n   2.500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tab.String(); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestFormatFloat(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{0.812345, "0.8123"}, {12.3456, "12.35"}, {1234.56, "1235"}, {3, "3"}, {-0.5, "-0.5000"},
		{1e-5, "1.000e-05"}, {12345678.9, "1.235e+07"}, {math.NaN(), "NaN"}, {math.Inf(-1), "-Inf"},
	}
	for _, tt := range tests {
		if got := formatFloat(tt.x, 4); got != tt.want {
			t.Errorf("formatFloat(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

func TestStat(t *testing.T) {
	tests := []struct {
		s    Stat
		want string
	}{
		{PlusMinus(0.81234, 0.00412), "0.8123 ± 0.0041"},
		{PlusMinus(1234.5, 12.3), "1234 ± 12"},
		{PlusMinus(0.5, 0), "0.5000 ± 0"},
		{MeanSE([]float64{2}), "2"},
		{MeanSE(nil), "NaN"},
		{MeanSE([]float64{1, 2, 3, 4}), "2.50 ± 0.65"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("%+v = %q, want %q", tt.s, got, tt.want)
		}
	}
	if s := MeanSE([]float64{1, 2, 3, 4}); s.N != 4 || math.Abs(s.SE-math.Sqrt(5.0/3)/2) > 1e-12 {
		t.Errorf("MeanSE = %+v", s)
	}
}

func ExampleTable() {
	t := NewTable("method", "accuracy", "seeds")
	t.AddRow("baseline", MeanSE([]float64{0.80, 0.82, 0.81}), 3)
	t.AddRow("ours", PlusMinus(0.853, 0.004), 3)
	t.HighlightMax("accuracy")
	fmt.Println(t)
	// Output:
	// method            accuracy  seeds
	// --------  ----------------  -----
	// baseline  0.8100 ± 0.0058       3
	// ours      0.8530 ± 0.0040*      3
}

func ExampleMeanSE() {
	s := MeanSE([]float64{0.81, 0.83, 0.82, 0.84})
	fmt.Println(s, s.N)
	// Output:
	// 0.8250 ± 0.0065 4
}

// printer is a Publisher like the one a kernel installs.
type printer struct{}

func (printer) Publish(b Bundle, update bool) {
	kind := "display_data"
	if update {
		kind = "update_display_data"
	}
	fmt.Printf("%s id=%t %s\n", kind, b.DisplayID != "", b.String())
}

func (printer) Clear(wait bool) { fmt.Println("clear_output wait =", wait) }

func ExampleSetPublisher() {
	prev := SetPublisher(printer{})
	defer SetPublisher(prev)

	id := DisplayID("step 1 of 2")
	Update(id, "step 2 of 2")
	Display(Markdown("**done**"))
	Clear(true)
	// Output:
	// display_data id=true step 1 of 2
	// update_display_data id=true step 2 of 2
	// display_data id=false **done**
	// clear_output wait = true
}
