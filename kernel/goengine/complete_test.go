package goengine

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
)

func TestIsComplete(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct{ code, status, indent string }{
		{"", "complete", ""},
		{"x := 1", "complete", ""},
		{"fmt.Println(\"hi\")", "complete", ""},
		{"func f() {", "incomplete", "\t"},
		{"func f() {\n\tif true {", "incomplete", "\t\t"},
		{"fmt.Println(1,", "incomplete", "\t"},
		{"x := 1 +", "incomplete", "\t"},
		{"s := `raw", "incomplete", ""},
		{"/* comment", "incomplete", ""},
		{"x := []int{1, 2", "incomplete", "\t"},
		{"%time\nfor i := 0; i < 3; i++ {", "incomplete", "\t"},
		{"%who", "complete", ""},
		{"x := )", "invalid", ""},
		{"func f() { ]", "invalid", ""},
		{"x := 1 @ 2", "invalid", ""},
		{"x := 1 1", "invalid", ""},
	}
	for _, c := range cases {
		status, indent := e.IsComplete(c.code)
		if status != c.status || indent != c.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", c.code, status, indent, c.status, c.indent)
		}
	}
}

// Pathological input must not hang or crash.
func TestIsCompletePathological(t *testing.T) {
	e := newEngine(t, Options{})
	inputs := []string{
		strings.Repeat("(", 200000),
		strings.Repeat("(", 100000) + strings.Repeat(")", 100000),
		strings.Repeat("{", 50000) + strings.Repeat("}", 50000),
		strings.Repeat("x.", 100000),
		strings.Repeat("\"", 100001),
		strings.Repeat("`", 3),
		"\x00\xff\xfe",
		strings.Repeat("1+", 100000) + "1",
	}
	for _, in := range inputs {
		done := make(chan string, 1)
		go func() { s, _ := e.IsComplete(in); done <- s }()
		select {
		case s := <-done:
			if s != "complete" && s != "incomplete" && s != "invalid" {
				t.Errorf("status %q", s)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("IsComplete hangs on %q...", in[:min(20, len(in))])
		}
	}
}

func TestComplete(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"strings\"\ntype Point struct{ X, Y float64; label string }\nfunc (p Point) Norm() float64 { return p.X*p.X + p.Y*p.Y }\np := Point{1, 2, \"a\"}\nvar sb strings.Builder\nmyCounter := 3")
	cases := []struct {
		code   string
		cursor int // -1: end
		want   []string
		not    []string
		start  int
		end    int
	}{
		{"strings.Rep", -1, []string{"Repeat", "Replace", "ReplaceAll"}, []string{"Split"}, 8, 11},
		{"fmt.Prin", -1, []string{"Print", "Printf", "Println"}, nil, 4, 8},
		{"x := fmt.Sp + 1", 11, []string{"Sprint", "Sprintf"}, nil, 9, 11},
		{"x := fmt.Spr + 1", 11, []string{"Sprint"}, nil, 9, 12}, // cursor mid-word: the word is replaced
		{"myC", -1, []string{"myCounter"}, nil, 0, 3},
		{"fo", -1, []string{"for"}, nil, 0, 2},
		{"ap", -1, []string{"append"}, nil, 0, 2},
		{"p.", -1, []string{"X", "Y", "label", "Norm"}, nil, 2, 2},
		{"p.N", -1, []string{"Norm"}, []string{"X"}, 2, 3},
		{"sb.Wr", -1, []string{"WriteString", "WriteByte"}, nil, 3, 5},
		{"%wh", -1, []string{"who"}, nil, 1, 3},
		{"y := str", -1, []string{"strings"}, nil, 5, 8},
		{"Poi", -1, []string{"Point"}, nil, 0, 3},
	}
	for _, c := range cases {
		cur := c.cursor
		if cur < 0 {
			cur = len(c.code)
		}
		got := e.Complete(c.code, cur)
		for _, w := range c.want {
			if !slices.Contains(got.Matches, w) {
				t.Errorf("Complete(%q, %d): %v lacks %q", c.code, cur, got.Matches, w)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got.Matches, w) {
				t.Errorf("Complete(%q, %d): %v has %q", c.code, cur, got.Matches, w)
			}
		}
		if got.CursorStart != c.start || got.CursorEnd != c.end {
			t.Errorf("Complete(%q, %d): cursor %d-%d, want %d-%d", c.code, cur, got.CursorStart, got.CursorEnd, c.start, c.end)
		}
	}
	// Byte offsets: a multi-byte character before the word.
	got := e.Complete("s := \"é\"; strings.Rep", len("s := \"é\"; strings.Rep"))
	if got.CursorStart != len("s := \"é\"; strings.") {
		t.Errorf("cursor start %d after a multi-byte rune", got.CursorStart)
	}
}

func TestCompleteWhileRunning(t *testing.T) {
	e := newEngine(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Execute(ctx, "for {}", &recorder{}); close(done) }()
	time.Sleep(50 * time.Millisecond)
	got := e.Complete("strings.Rep", 11)
	cancel()
	<-done
	if !slices.Contains(got.Matches, "Repeat") {
		t.Errorf("package completion while a cell runs: %v", got.Matches)
	}
}

func TestInspect(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"strings\"\nvar sb strings.Builder\n// Point is a point.\ntype Point struct{ X, Y float64 }\nfunc (p Point) Norm() float64 { return p.X*p.X + p.Y*p.Y }\np := Point{1, 2}\ncount := 42")
	cases := []struct {
		code   string
		cursor int
		want   []string
	}{
		{"strings.Repeat", 14, []string{"func Repeat(s string, count int) string", "Repeat returns a new string"}},
		{"strings.Repeat(", 15, []string{"func Repeat(s string, count int) string"}},
		{"fmt.Println(x)", 6, []string{"func Println(a ...any) (n int, err error)"}},
		{"strings.Builder", 15, []string{"type Builder struct", "WriteString"}},
		{"count", 5, []string{"var count int = 42"}},
		{"p", 1, []string{"var p Point = {1 2}"}},
		{"p.X", 3, []string{"p.X: float64 = 1"}},
		{"Point", 5, []string{"type Point struct{ X, Y float64 }", "Norm() float64"}},
		{"strings", 3, []string{"package strings"}},
		{"var sb strings.Builder\nsb.WriteString", 30, []string{"func (b *Builder) WriteString(s string) (int, error)", "appends the contents of s"}},
		{"append", 3, []string{"func append(slice []Type, elems ...Type) []Type"}},
	}
	for _, c := range cases {
		got := e.Inspect(c.code, c.cursor, 0)
		text, _ := got.Data["text/plain"].(string)
		if !got.Found {
			t.Errorf("Inspect(%q, %d): not found", c.code, c.cursor)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("Inspect(%q, %d) = %q, lacks %q", c.code, c.cursor, text, w)
			}
		}
	}
	if got := e.Inspect("nothingHere", 5, 0); got.Found {
		t.Errorf("unknown name found: %v", got.Data)
	}
}

// yak's own packages are documented from the module source.
func TestInspectYakPackage(t *testing.T) {
	e := newEngine(t, Options{Symbols: []interp.Exports{displayExports()}})
	got := e.Inspect("display.HTML", 10, 0)
	text, _ := got.Data["text/plain"].(string)
	if !got.Found || !strings.Contains(text, "func HTML(s string) Bundle") {
		t.Errorf("Inspect(display.HTML) = %q", text)
	}
	comp := e.Complete("display.Ren", 11)
	if !slices.Contains(comp.Matches, "Render") {
		t.Errorf("Complete(display.Ren) = %v", comp.Matches)
	}
}
