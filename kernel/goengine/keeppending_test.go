package goengine

import (
	"strings"
	"testing"
)

// A declaration that waited for a name and that the interpreter cannot
// compile once the name exists (its generics, say) is kept for compiled
// runs of main() as a cell that fails at once is: the names it still
// lacks come in later cells.
func TestKeepPendingForCompiled(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	r, err := cells(t, e,
		`import "fmt"`,
		`func main() {
	b := Box[Celsius]{Celsius(3)}
	fmt.Println(Describe(b))
}`,
		`type Box[T fmt.Stringer] struct{ V T }`,
		`type Celsius float64`,
		`func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }`,
		`func Describe[T fmt.Stringer](b Box[T]) string { return "a box of " + b.V.String() }`,
		`main()`)
	if err != nil || r.stdout() != "a box of 3.0°C\n" {
		t.Fatalf("main(): %v, stdout %q, stderr %q", err, r.stdout(), r.stderr())
	}
	if strings.Contains(r.stderr(), "does not compile") {
		t.Errorf("stderr: %q", r.stderr())
	}
}
