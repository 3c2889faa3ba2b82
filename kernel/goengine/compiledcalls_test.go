package goengine

import "testing"

// compiledCallCases hand values of cell types to compiled standard
// library code other than fmt's printing (encoding/json, sort, errors,
// fmt.Fprintf's writer). want is what `go run` printed for the cells as
// one program. A case with a gap is a known failure, reported as skipped
// while it fails.
var compiledCallCases = []cellsCase{
	{name: "json.Marshaler", cells: []string{`import (
	"encoding/json"
	"fmt"
)
type Temp float64
func (t Temp) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("\"%.1fC\"", float64(t))), nil }
type R struct {
	T  Temp
	Ts []Temp
}`, `b, err := json.Marshal(R{1, []Temp{2}})
fmt.Println(string(b), err)
b, _ = json.Marshal(Temp(3))
fmt.Println(string(b))`}, want: "{\"T\":\"1.0C\",\"Ts\":[\"2.0C\"]} <nil>\n\"3.0C\"\n"},
	{name: "sort.Sort", cells: []string{`import (
	"fmt"
	"sort"
)
type byLen []string
func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }`, `s := []string{"ccc", "a", "bb"}
sort.Sort(byLen(s))
fmt.Println(s)
sort.Sort(sort.Reverse(byLen(s)))
fmt.Println(s, sort.IsSorted(byLen(s)))`}, want: "[a bb ccc]\n[ccc bb a] false\n"},
	{name: "errors.Is and As", cells: []string{`import (
	"errors"
	"fmt"
)
type NotFound struct{ Key string }
func (e *NotFound) Error() string { return "not found: " + e.Key }
var ErrBase = errors.New("base")
func find(k string) error { return fmt.Errorf("find: %w", &NotFound{k}) }`, `err := find("x")
var nf *NotFound
fmt.Println(errors.As(err, &nf), nf.Key, err)
w := fmt.Errorf("ctx: %w", ErrBase)
fmt.Println(errors.Is(w, ErrBase), w)`}, want: "true x find: not found: x\ntrue ctx: base\n"},
	{name: "%w of a call result", cells: []string{`import (
	"errors"
	"fmt"
)
type NotFound struct{ Key string }
func (e *NotFound) Error() string { return "not found: " + e.Key }
func mk(k string) *NotFound { return &NotFound{k} }`, `err := fmt.Errorf("find: %w", mk("y"))
var nf *NotFound
fmt.Println(errors.As(err, &nf), err)
if nf != nil {
	fmt.Println(nf.Key)
}`}, want: "true find: not found: y\ny\n"},
	{name: "%w of a pointer variable", cells: []string{`import (
	"errors"
	"fmt"
)
type NotFound struct{ Key string }
func (e *NotFound) Error() string { return "not found: " + e.Key }`, `p := &NotFound{"z"}
err := fmt.Errorf("find: %w", p)
var nf *NotFound
fmt.Println(errors.As(err, &nf), err)
if nf != nil {
	fmt.Println(nf.Key)
}`}, want: "true find: not found: z\nz\n"},
	{name: "%w of a value error type", cells: []string{`import (
	"errors"
	"fmt"
)
type Code int
func (c Code) Error() string { return fmt.Sprint("code ", int(c)) }`, `err := fmt.Errorf("op: %w", Code(4))
var c Code
fmt.Println(errors.As(err, &c), c, err, errors.Is(err, Code(4)))`}, want: "true code 4 op: code 4 true\n"},
	{name: "Fprintf to a cell io.Writer", cells: []string{`import (
	"fmt"
	"strings"
)
type Upper struct{ b strings.Builder }
func (u *Upper) Write(p []byte) (int, error) { return u.b.WriteString(strings.ToUpper(string(p))) }`, `u := &Upper{}
fmt.Fprintf(u, "hello %s %d\n", "go", 1)
fmt.Fprintln(u, "bye")
fmt.Print(u.b.String())`}, want: "HELLO GO 1\nBYE\n"},
	{name: "json tags, omitempty, embedded, maps", cells: []string{"import (\n\t\"encoding/json\"\n\t\"fmt\"\n)\ntype Temp float64\nfunc (t Temp) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf(\"\\\"%.1fC\\\"\", float64(t))), nil }\ntype Base struct {\n\tID   int `json:\"id\"`\n\tNote string `json:\"note,omitempty\"`\n}\ntype Station struct {\n\tBase\n\tName   string          `json:\"name\"`\n\tlocal  int\n\tSkip   Temp            `json:\"-\"`\n\tByHour map[string]Temp `json:\"by_hour,omitempty\"`\n\tLast   *Temp           `json:\",omitempty\"`\n\tAll    []Temp\n}", `s := Station{Base: Base{ID: 7}, Name: "x<y", local: 3, Skip: 1, ByHour: map[string]Temp{"b": 2, "a": 1}, All: []Temp{4}}
b, err := json.Marshal(s)
fmt.Println(string(b), err)
b, _ = json.MarshalIndent([]Temp{1, 2}, "", " ")
fmt.Println(string(b))
b, _ = json.Marshal(map[int][]Temp{2: nil, 1: {3}})
fmt.Println(string(b))`}, want: "{\"id\":7,\"name\":\"x\\u003cy\",\"by_hour\":{\"a\":\"1.0C\",\"b\":\"2.0C\"},\"All\":[\"4.0C\"]} <nil>\n[\n \"1.0C\",\n \"2.0C\"\n]\n{\"1\":[\"3.0C\"],\"2\":null}\n"},
	{name: "json pointer receiver MarshalJSON", cells: []string{`import (
	"encoding/json"
	"fmt"
)
type P struct{ N int }
func (p *P) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprint(p.N * 10)), nil }
type W struct {
	A *P
	B []*P
}`, `b, err := json.Marshal(W{&P{1}, []*P{{2}, nil}})
fmt.Println(string(b), err)`}, want: "{\"A\":10,\"B\":[20,null]} <nil>\n"},
}

func TestCellTypesInCompiledCalls(t *testing.T) {
	runCellsCases(t, compiledCallCases, nil)
}
