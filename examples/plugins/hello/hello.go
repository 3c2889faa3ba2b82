package hello

import (
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/registry"
	"github.com/yaknb/yak/runtime/gemm"
)

// Version is the plugin's version, as %plugins shows it.
const Version = "0.1.0"

func init() {
	registry.Register(registry.Meta{
		Name:       "hello",
		Version:    Version,
		Summary:    "example source plugin: greetings and cosine similarity on the compiled runtime",
		ImportPath: "github.com/yaknb/yak/examples/plugins/hello",
		Example: `import "github.com/yaknb/yak/examples/plugins/hello"

hello.Similarity([]string{"cat", "dog", "car"},
	[][]float32{{1, 0.9, 0}, {0.9, 1, 0.1}, {0, 0.1, 1}})`,
		Doc: "Greet says hello; Similarity computes the cosine similarity of labelled vectors " +
			"with one compiled matrix product (runtime/gemm) and shows it as an HTML table. " +
			"The %hello magic greets whoever is named after it.",
		Magics:   map[string]registry.Magic{"hello": helloMagic},
		SelfTest: selfTest,
	}.Plugin())
}

// Greet returns a greeting for name.
func Greet(name string) string {
	if name = strings.TrimSpace(name); name == "" {
		name = "world"
	}
	return "hello, " + name + "!"
}

func helloMagic(args string, out io.Writer) error {
	_, err := fmt.Fprintln(out, Greet(args))
	return err
}

// Matrix is a square matrix with a label per row and column. It renders as an
// HTML table when a cell ends with it or passes it to display.Display.
type Matrix struct {
	Labels []string
	Data   []float32 // row-major, len(Labels)² values
}

// At returns the value at row i, column j.
func (m Matrix) At(i, j int) float32 { return m.Data[i*len(m.Labels)+j] }

// String shows the matrix as text, for text/plain and fmt.
func (m Matrix) String() string {
	var b strings.Builder
	for i, l := range m.Labels {
		fmt.Fprintf(&b, "%-8s", l)
		for j := range m.Labels {
			fmt.Fprintf(&b, " %6.3f", m.At(i, j))
		}
		if i < len(m.Labels)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// HTML shows the matrix as a table (display's HTMLer contract).
func (m Matrix) HTML() string {
	var b strings.Builder
	b.WriteString("<table><tr><th></th>")
	for _, l := range m.Labels {
		b.WriteString("<th>" + html.EscapeString(l) + "</th>")
	}
	b.WriteString("</tr>")
	for i, l := range m.Labels {
		b.WriteString("<tr><th>" + html.EscapeString(l) + "</th>")
		for j := range m.Labels {
			fmt.Fprintf(&b, "<td>%.3f</td>", m.At(i, j))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}

// Similarity returns the cosine similarity of every pair of vectors. The
// vectors are normalised here; the n×n products are one call to the compiled
// gemm.Sgemm. It returns an error when the labels and vectors do not match.
func Similarity(labels []string, vectors [][]float32) (Matrix, error) {
	n := len(vectors)
	if n == 0 || len(labels) != n {
		return Matrix{}, fmt.Errorf("hello: Similarity needs one label per vector (got %d labels, %d vectors)", len(labels), n)
	}
	d := len(vectors[0])
	a := make([]float32, n*d)
	for i, v := range vectors {
		if len(v) != d {
			return Matrix{}, fmt.Errorf("hello: vector %d (%s) has %d values, vector 0 has %d", i, labels[i], len(v), d)
		}
		var norm float64
		for _, x := range v {
			norm += float64(x) * float64(x)
		}
		if norm == 0 {
			return Matrix{}, fmt.Errorf("hello: vector %d (%s) is zero; cosine similarity is undefined", i, labels[i])
		}
		s := float32(1 / math.Sqrt(norm))
		for k, x := range v {
			a[i*d+k] = x * s
		}
	}
	c := make([]float32, n*n)
	gemm.Sgemm(false, true, n, n, d, 1, a, d, a, d, 0, c, n)
	return Matrix{Labels: append([]string(nil), labels...), Data: c}, nil
}

// Show displays m as a rich output now, before the cell ends.
func Show(m Matrix) { display.Display(m) }

func selfTest() error {
	m, err := Similarity([]string{"x", "y"}, [][]float32{{3, 4}, {4, -3}})
	if err != nil {
		return err
	}
	if math.Abs(float64(m.At(0, 0))-1) > 1e-6 || math.Abs(float64(m.At(0, 1))) > 1e-6 {
		return errors.New("hello: orthogonal vectors should have similarity 0 and each vector 1 with itself")
	}
	return nil
}
