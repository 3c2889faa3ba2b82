// Package plugins_test runs the example source plugins in the real kernel
// engine (kernel/goengine) wired as the yak binary wires it, and measures
// what plugins cost at start-up.
package plugins_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel/goengine"
	_ "github.com/yaknb/yak/plugins/all"
	"github.com/yaknb/yak/plugins/magic"
	"github.com/yaknb/yak/plugins/registry"
	"github.com/yaknb/yak/plugins/symbols"
)

// newEngine builds an engine as package main's newInterpreter does, closed
// when the test ends.
func newEngine(tb testing.TB) *goengine.Engine {
	tb.Helper()
	e := build(tb)
	tb.Cleanup(func() { e.Close() })
	return e
}

// build builds an engine as package main's newInterpreter does; the caller
// closes it (benchmarks do at once: engines kept open until the end would
// weigh on the garbage collector and on the figures).
func build(tb testing.TB) *goengine.Engine {
	tb.Helper()
	var e *goengine.Engine
	opts := goengine.Options{Symbols: []interp.Exports{symbols.Symbols}, Magics: map[string]goengine.Magic{}}
	for name, m := range magic.Magics(func() magic.Loader { l, _ := any(e).(magic.Loader); return l }) {
		opts.Magics[name] = goengine.Magic(m)
	}
	opts.FindMagic = func(name string) (goengine.Magic, bool) { m, ok := magic.Find(name); return goengine.Magic(m), ok }
	e, err := goengine.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// cellIO records one cell's output.
type cellIO struct {
	mu       sync.Mutex
	out, err strings.Builder
	bundles  []display.Bundle
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (c *cellIO) Stdout() io.Writer { return lockedWriter{&c.mu, &c.out} }
func (c *cellIO) Stderr() io.Writer { return lockedWriter{&c.mu, &c.err} }
func (c *cellIO) Publish(b display.Bundle, update bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bundles = append(c.bundles, b)
}
func (c *cellIO) Clear(wait bool)                    {}
func (c *cellIO) Input(string, bool) (string, error) { return "", io.EOF }

// run executes one cell and fails the test on error.
func run(t testing.TB, e *goengine.Engine, code string) (*cellIO, *display.Bundle) {
	t.Helper()
	c := &cellIO{}
	b, err := e.Execute(context.Background(), code, c)
	if err != nil {
		t.Fatalf("cell %q: %v\nstderr: %s", code, err, c.err.String())
	}
	return c, b
}

func TestPluginsMagicListsBuiltins(t *testing.T) {
	e := newEngine(t)
	c, _ := run(t, e, "%plugins")
	for _, want := range []string{"NAME", "VERSION", "claps", "github.com/yaknb/yak/plugins/claps"} {
		if !strings.Contains(c.out.String(), want) {
			t.Errorf("%%plugins output lacks %q:\n%s", want, c.out.String())
		}
	}
	c, _ = run(t, e, "%plugin info claps")
	if !strings.Contains(c.out.String(), `import "github.com/yaknb/yak/plugins/claps"`) {
		t.Errorf("%%plugin info claps:\n%s", c.out.String())
	}
	bad := &cellIO{}
	if _, err := e.Execute(context.Background(), "%plugin info nosuch", bad); err == nil || !strings.Contains(err.Error(), `import _ "github.com/yaknb/yak/plugins/nosuch"`) {
		t.Errorf("%%plugin info nosuch: %v", err)
	}
	// The engine keeps working after a failed magic.
	if _, b := run(t, e, "1 + 1"); b == nil || b.Data[display.MIMEText] != "2" {
		t.Errorf("1 + 1 after a failed magic = %v", b)
	}
}

// TestDisplayInterpretedTypes: types declared in cells reach display's
// contract through display.Display (the generated wrappers and MapTypes).
// A cell's last value is rendered by the engine's prelude instead.
func TestDisplayInterpretedTypes(t *testing.T) {
	e := newEngine(t)
	run(t, e, `import "github.com/yaknb/yak/display"
type badge struct{ n int }
func (b badge) HTML() string { return "<b>badge</b>" }
func (b badge) String() string { return "badge as text" }`)
	c, _ := run(t, e, "display.Display(badge{1})")
	if len(c.bundles) != 1 || c.bundles[0].Data[display.MIMEHTML] != "<b>badge</b>" || c.bundles[0].Data[display.MIMEText] != "badge as text" {
		t.Errorf("display.Display published %v", c.bundles)
	}
}

// BenchmarkEngineStart is the kernel's engine start as the yak binary does
// it: a fresh interpreter with the standard library, every built-in yak
// package and the plugin magics. Compare with BenchmarkEngineStartBare.
func BenchmarkEngineStart(b *testing.B) {
	for b.Loop() {
		build(b).Close()
	}
}

// BenchmarkEngineStartBare starts an engine with the standard library only.
func BenchmarkEngineStartBare(b *testing.B) {
	for b.Loop() {
		e, err := goengine.New(goengine.Options{})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// TestSourcePluginInEngine loads the example plugin with %plugin load in
// the real engine, calls it from cells (it calls the compiled gemm), and
// checks that a broken plugin reports its file and line while the engine
// keeps its state.
func TestSourcePluginInEngine(t *testing.T) {
	e := newEngine(t)
	t.Cleanup(func() { registry.Unregister("hello") })
	run(t, e, "kept := 41")
	c, _ := run(t, e, "%plugin load hello")
	if !strings.Contains(c.out.String(), "registered hello; import \"github.com/yaknb/yak/examples/plugins/hello\"") {
		t.Errorf("%%plugin load said %q", c.out.String())
	}
	if _, err := registry.Lookup("hello"); err != nil {
		t.Fatal(err)
	}
	run(t, e, `import "github.com/yaknb/yak/examples/plugins/hello"`)
	c, b := run(t, e, `m, err := hello.Similarity([]string{"a", "b"}, [][]float32{{3, 4}, {4, 3}})
hello.Show(m)
import "fmt"
fmt.Sprintf("%.2f", m.At(0, 1))`)
	if b == nil || b.Data[display.MIMEText] != "0.96" {
		t.Errorf("similarity = %v, want 0.96", b)
	}
	if len(c.bundles) != 1 || !strings.HasPrefix(c.bundles[0].Data[display.MIMEHTML].(string), "<table>") {
		t.Errorf("hello.Show published %v", c.bundles)
	}
	if c, _ := run(t, e, "%hello engine"); c.out.String() != "hello, engine!\n" {
		t.Errorf("%%hello wrote %q", c.out.String())
	}

	bad := &cellIO{}
	_, err := e.Execute(context.Background(), "%plugin load ../../plugins/magic/testdata/broken", bad)
	abs, _ := filepath.Abs("../../plugins/magic/testdata/broken/broken.go")
	if err == nil || !strings.Contains(err.Error(), abs+":10:9") || !strings.Contains(err.Error(), "undefined: undefinedThing") {
		t.Errorf("broken plugin: %v", err)
	}
	if _, b := run(t, e, "kept + 1"); b == nil || b.Data[display.MIMEText] != "42" {
		t.Errorf("state after a broken plugin: %v", b)
	}

	// After %reset the fresh interpreter imports the plugin again (its init
	// re-registers it under the same import path, which replaces the entry).
	run(t, e, "%reset")
	if _, b := run(t, e, `import "github.com/yaknb/yak/examples/plugins/hello"
hello.Greet("again")`); b == nil || b.Data[display.MIMEText] != "hello, again!" {
		t.Errorf("after %%reset: %v", b)
	}
	if c, _ := run(t, e, "%plugin load hello"); !strings.Contains(c.out.String(), "registered hello") {
		t.Errorf("%%plugin load after %%reset said %q", c.out.String())
	}
}

// BenchmarkLoadExampleEngine measures %plugin load of the example plugin in
// the real engine: link, parse, type-check, init, register. Each load gets
// a fresh engine (made outside the timer): a package loads once per
// interpreter.
func BenchmarkLoadExampleEngine(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		e := build(b)
		b.StartTimer()
		if _, err := magic.Load(any(e).(magic.Loader), "hello", ""); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		e.Close()
		b.StartTimer()
	}
	registry.Unregister("hello")
}

// TestInterfacesFromCells: a notebook implements compiled interfaces (a
// bandit policy and environment, a claps scorer) in cells, and compiled
// code calls back into them.
func TestInterfacesFromCells(t *testing.T) {
	e := newEngine(t)
	run(t, e, `import (
	"context"
	"strings"

	"github.com/yaknb/yak/plugins/bandit"
	"github.com/yaknb/yak/plugins/claps"
)

type env struct{}

func (env) Arms() int { return 2 }
func (env) Dim() int  { return 1 }
func (env) Round(seed uint64, t int, x, rewards []float64) error {
	x[0] = float64(t % 2)
	rewards[0], rewards[1] = 1-x[0], x[0]
	return nil
}

type oracle struct{}

func (oracle) Name() string                                    { return "oracle" }
func (oracle) Start(arms, dim int, seed uint64) error           { return nil }
func (oracle) Update(t int, x []float64, arm int, r float64) error { return nil }
func (o oracle) Clone() bandit.Policy                           { return o }
func (oracle) Choose(t int, x, probs []float64) (int, error) {
	a := int(x[0])
	probs[a], probs[1-a] = 1, 0
	return a, nil
}

type keyword struct{ word string }

func (k keyword) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	if strings.Contains(input, k.word) {
		return []float64{-3, -0.1}, nil
	}
	return []float64{-0.1, -3}, nil
}`)
	for _, tc := range []struct{ code, want string }{
		{`v, err := bandit.TrueValue(env{}, oracle{}, 1, 0, 10)
v`, "1"},
		{`ev, err := claps.NewEvaluator(keyword{"good"}, claps.SentimentTask(), claps.EvalOptions{Workers: 4})
res, err := ev.EvaluateOne(context.Background(), "", []claps.Example{{Text: "good", Label: 1}, {Text: "bad", Label: 0}})
res.Accuracy`, "1"},
	} {
		if _, b := run(t, e, tc.code); b == nil || b.Data[display.MIMEText] != tc.want {
			t.Errorf("%s\n= %v, want %s", tc.code, b, tc.want)
		}
	}
}

// TestEditedPluginAfterReset: after %reset, importing a source plugin again
// compiles its current source.
func TestEditedPluginAfterReset(t *testing.T) {
	dir := t.TempDir()
	write := func(answer string) {
		src := "package edit // import \"example.com/edit\"\n\n" +
			"import \"github.com/yaknb/yak/plugins/registry\"\n\n" +
			"func init() { registry.Register(registry.Meta{Name: \"edit\", Version: \"1\", ImportPath: \"example.com/edit\"}.Plugin()) }\n\n" +
			"func Answer() string { return \"" + answer + "\" }\n"
		if err := os.WriteFile(filepath.Join(dir, "edit.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { registry.Unregister("edit") })
	e := newEngine(t)
	write("first")
	run(t, e, "%plugin load "+dir)
	if _, b := run(t, e, "import \"example.com/edit\"\nedit.Answer()"); b == nil || b.Data[display.MIMEText] != "first" {
		t.Fatalf("before the edit: %v", b)
	}
	write("second")
	run(t, e, "%reset")
	if _, b := run(t, e, "import \"example.com/edit\"\nedit.Answer()"); b == nil || b.Data[display.MIMEText] != "second" {
		t.Errorf("after the edit and %%reset: %v", b)
	}
}
