package goengine

import (
	"context"
	"fmt"
	"io"
	"reflect"

	"github.com/traefik/yaegi/interp"
	"strings"
	"testing"
	"time"

	"github.com/yaknb/yak/display"
)

func TestInterrupt(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "n := 7")
	for _, code := range []string{"for {}", "for { n++ }", "select {}", "ch := make(chan int); <-ch",
		"import \"time\"\ntime.Sleep(time.Minute)", "func spin() { for {} }\nspin()"} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := e.Execute(ctx, code, &recorder{})
			done <- err
		}()
		time.Sleep(100 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if errName(err) != "Interrupted" {
				t.Errorf("%q: err = %v, want Interrupted", code, err)
			}
		case <-time.After(time.Second):
			t.Fatalf("%q did not stop within a second of the interrupt", code)
		}
	}
	if _, b := must(t, e, "n > 6"); text(b) != "true" {
		t.Errorf("state after interrupt: n > 6 = %q", text(b))
	}
}

func TestGoroutineOutputAfterCell(t *testing.T) {
	// The goroutine prints when the test opens the gate (not after a
	// sleep, which a loaded machine can stretch past the second cell).
	gate := make(chan struct{})
	e := newEngine(t, Options{Symbols: []interp.Exports{gateSymbols(gate)}})
	r1, _ := must(t, e, "import (\"fmt\"; \"yaktest/gate\")\ngo func() { <-gate.C; fmt.Println(\"late\") }()")
	r2, _ := must(t, e, "fmt.Println(\"second\")")
	close(gate)
	waitOutput(e, r2, "late")
	if strings.Contains(r1.stdout(), "late") {
		t.Errorf("late output went to the finished cell")
	}
	if got := r2.stdout(); got != "second\nlate\n" {
		t.Errorf("most recent cell got %q", got)
	}
}

// gateSymbols is a package yaktest/gate whose channel C the test closes.
func gateSymbols(c chan struct{}) interp.Exports {
	return interp.Exports{"yaktest/gate/gate": {"C": reflect.ValueOf(&c).Elem()}}
}

// waitOutput waits (up to 20 s: a loaded machine) until r's stdout holds s.
func waitOutput(e *Engine, r *recorder, s string) {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		e.syncOutput()
		if strings.Contains(r.stdout(), s) {
			return
		}
	}
}

func TestGoroutinePanic(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "func worker(m map[int]int, k int) { m[k] = 1 }")
	for _, code := range []string{
		"go func() { var m map[int]int; m[1] = 2 }()",
		"var nilMap map[int]int\ngo worker(nilMap, 3)",
	} {
		r, _ := must(t, e, code+"\nimport \"time\"\ntime.Sleep(100 * time.Millisecond)")
		e.syncOutput()
		if got := r.stderr(); !strings.Contains(got, "panic in a goroutine") || !strings.Contains(got, "nil map") {
			t.Errorf("%q: stderr %q", code, got)
		}
	}
	if _, b := must(t, e, "1 + 1"); text(b) != "2" {
		t.Errorf("engine broken after goroutine panics")
	}
}

func TestStdin(t *testing.T) {
	e := newEngine(t, Options{})
	r := &recorder{inputs: []string{"Ada", "42", "line one"}}
	code := `import ("bufio"; "fmt"; "os")
fmt.Print("name? ")
var name string
fmt.Scanln(&name)
var n int
fmt.Fscan(os.Stdin, &n)
s := bufio.NewScanner(os.Stdin)
s.Scan()
fmt.Println(name, n+1, s.Text())`
	if _, err := e.Execute(context.Background(), code, r); err != nil {
		t.Fatal(err)
	}
	if got := r.stdout(); got != "Ada 43 line one\n" {
		t.Errorf("stdout %q", got)
	}
	if len(r.prompts) != 3 || r.prompts[0] != "name? " {
		t.Errorf("prompts %q", r.prompts)
	}
	r = &recorder{noStdin: true}
	_, err := e.Execute(context.Background(), "var v int\n_, err := fmt.Scan(&v)\nerr", r)
	if err != nil {
		t.Fatal(err)
	}
	// With no input to give, the prompt the program printed stays in its
	// output, as `go run` with an empty stdin prints it.
	r = &recorder{noStdin: true}
	if _, err := e.Execute(context.Background(), "fmt.Print(\"age? \")\nvar age int\n_, err = fmt.Scan(&age)\nfmt.Println(err != nil, age)", r); err != nil {
		t.Fatal(err)
	}
	if got := r.stdout(); got != "age? true 0\n" {
		t.Errorf("stdout without input %q, want the prompt kept", got)
	}
}

type htmlThing struct{}

func (htmlThing) HTML() string { return "<b>compiled</b>" }

func TestDisplay(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct {
		code string
		mime string
		want string
	}{
		{"type Vec struct{ X, Y float64 }\nfunc (v Vec) HTML() string { return \"<i>vec</i>\" }\nVec{1, 2}", "text/html", "<i>vec</i>"},
		{"Vec{1, 2}", "text/plain", "{1 2}"},
		{"type Named int\nfunc (n Named) String() string { return \"named!\" }\nNamed(3)", "text/plain", "named!"},
		{"type Pic struct{}\nfunc (Pic) SVG() string { return \"<svg/>\" }\nPic{}", "image/svg+xml", "<svg/>"},
		{"type P struct{}\nfunc (P) PNG() []byte { return []byte{1, 2, 3} }\nP{}", "image/png", "AQID"},
		{"import \"errors\"\nerrors.New(\"bad\")", "text/plain", "bad"},
	}
	for _, c := range cases {
		_, b := must(t, e, c.code)
		if b == nil {
			t.Errorf("%q: no result", c.code)
			continue
		}
		if got, _ := b.Data[c.mime].(string); got != c.want {
			t.Errorf("%q: %s = %q, want %q (bundle %v)", c.code, c.mime, got, c.want, b.Data)
		}
	}
}

func TestDisplayPublisher(t *testing.T) {
	e := newEngine(t, Options{})
	r, _ := must(t, e, "import \"fmt\"\nfmt.Println(\"x\")")
	if display.CurrentPublisher() == nil {
		t.Fatal("no publisher installed")
	}
	display.Display(htmlThing{})
	if len(r.shown) != 1 || r.shown[0].Data["text/html"] != "<b>compiled</b>" {
		t.Errorf("display after the cell went to %v", r.shown)
	}
}

func TestUnwrap(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "type Vec struct{ X, Y float64 }\nfunc (v Vec) HTML() string { return \"h\" }")
	if _, err := e.ip.Eval("_yakShow(Vec{3, 4})"); err != nil {
		t.Fatal(err)
	}
	got := e.takeShown()
	if len(got) != 1 || fmt.Sprint(got[0].v) != "{3 4}" {
		t.Errorf("shown %#v, want the struct {3 4}", got)
	}
}

// displayExports stands for the generated plugins/symbols table of package
// display (this package cannot import plugins).
func displayExports() interp.Exports {
	return interp.Exports{displayKey: {
		"Display":   reflect.ValueOf(display.Display),
		"DisplayID": reflect.ValueOf(display.DisplayID),
		"Update":    reflect.ValueOf(display.Update),
		"Render":    reflect.ValueOf(display.Render),
		"HTML":      reflect.ValueOf(display.HTML),
		"Bundle":    reflect.ValueOf((*display.Bundle)(nil)),
	}}
}

func TestDisplayFromCells(t *testing.T) {
	e := newEngine(t, Options{Symbols: []interp.Exports{displayExports()}})
	r, _ := must(t, e, `import "github.com/yaknb/yak/display"
type Card struct{ Title string }
func (c Card) HTML() string { return "<h1>" + c.Title + "</h1>" }
display.Display(Card{"one"})
id := display.DisplayID(Card{"two"})
display.Update(id, Card{"three"})
display.Display(display.HTML("<p>raw</p>"))`)
	want := []string{"<h1>one</h1>", "<h1>two</h1>", "<h1>three</h1>", "<p>raw</p>"}
	if len(r.shown) != len(want) {
		t.Fatalf("shown %d bundles: %v", len(r.shown), r.shown)
	}
	for i, w := range want {
		if got := r.shown[i].Data["text/html"]; got != w {
			t.Errorf("bundle %d: text/html %v, want %q", i, got, w)
		}
	}
	if r.updates != 1 || r.shown[2].DisplayID == "" || r.shown[2].DisplayID != r.shown[1].DisplayID {
		t.Errorf("update by id: %d updates, ids %q %q", r.updates, r.shown[1].DisplayID, r.shown[2].DisplayID)
	}
	// A cell-declared type may build its whole bundle.
	_, b := must(t, e, `type Both struct{}
func (Both) DisplayBundle() display.Bundle { return display.Bundle{Data: map[string]any{"text/markdown": "**b**"}} }
Both{}`)
	if b == nil || b.Data["text/markdown"] != "**b**" {
		t.Errorf("Bundler result: %v", b)
	}
}

func TestOutputStreams(t *testing.T) {
	e := newEngine(t, Options{})
	r, _ := must(t, e, `import ("bufio"; "fmt"; "log"; "os")
fmt.Println("one")
os.Stdout.WriteString("two\n")
w := bufio.NewWriter(os.Stdout)
fmt.Fprintln(w, "three")
w.Flush()
fmt.Print("four")
log.SetFlags(0)
log.Println("to stderr")
fmt.Fprintln(os.Stderr, "also stderr")`)
	if got := r.stdout(); got != "one\ntwo\nthree\nfour" {
		t.Errorf("stdout %q", got)
	}
	if got := r.stderr(); got != "to stderr\nalso stderr\n" {
		t.Errorf("stderr %q", got)
	}
}

func TestMissingPackage(t *testing.T) {
	e := newEngine(t, Options{})
	_, _, err := run(t, e, "import \"example.com/nowhere\"")
	if errName(err) != "CompileError" || !strings.Contains(err.Error(), "%plugin load") {
		t.Errorf("err = %v", err)
	}
}

type quietIO struct{ recorder }

func (q *quietIO) Stdout() io.Writer { return io.Discard }

func TestQuietExecuteKeepsLateOutputTarget(t *testing.T) {
	gate := make(chan struct{})
	e := newEngine(t, Options{Symbols: []interp.Exports{gateSymbols(gate)}})
	r, _ := must(t, e, "import (\"fmt\"; \"yaktest/gate\")\ngo func() { <-gate.C; fmt.Println(\"late\") }()")
	if _, err := e.Execute(context.Background(), "1 + 1", &quietIO{}); err != nil {
		t.Fatal(err)
	}
	close(gate) // after the quiet evaluation: the line must reach the last real cell
	waitOutput(e, r, "late")
	if r.stdout() != "late\n" {
		t.Errorf("late output after a quiet evaluation: %q", r.stdout())
	}
}

// Calling a nil function is Go's nil dereference, not reflect's message
// alone.
func TestNilFunctionCall(t *testing.T) {
	e := newEngine(t, Options{})
	_, _, err := run(t, e, "var f func(int)\nf(1)")
	if err == nil || !strings.Contains(err.Error(), "invalid memory address or nil pointer dereference") {
		t.Errorf("err %v, want Go's nil dereference", err)
	}
}
