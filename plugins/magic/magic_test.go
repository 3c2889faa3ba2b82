package magic

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/registry"
	"github.com/yaknb/yak/plugins/symbols"
)

// engine is the smallest real engine: a yaegi interpreter with the standard
// library and yak's generated symbols, loading source plugins through
// Sources exactly as kernel/goengine does.
type engine struct {
	i   *interp.Interpreter
	src *Sources
}

func newEngine(t testing.TB) *engine {
	t.Helper()
	src, err := NewSources()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	i := interp.New(interp.Options{GoPath: src.GoPath()})
	for _, x := range []interp.Exports{stdlib.Symbols, symbols.Symbols} {
		if err := i.Use(x); err != nil {
			t.Fatal(err)
		}
	}
	return &engine{i: i, src: src}
}

func (e *engine) eval(code string) error {
	_, err := e.i.Eval(code)
	return err
}

func (e *engine) LoadSource(dir, importPath string) error { return e.src.Load(e.eval, dir, importPath) }

func (e *engine) value(t testing.TB, code string) reflect.Value {
	t.Helper()
	v, err := e.i.Eval(code)
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	return v
}

const helloPath = "github.com/yaknb/yak/examples/plugins/hello"

func helloDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("../../examples/plugins/hello")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// forget drops the plugins a test registered.
func forget(t testing.TB, names ...string) {
	t.Cleanup(func() {
		for _, n := range names {
			registry.Unregister(n)
		}
	})
}

func TestImportPath(t *testing.T) {
	for _, tc := range []struct{ dir, want, err string }{
		{"../../examples/plugins/hello", helloPath, ""},
		{".", "github.com/yaknb/yak/plugins/magic", ""},
		{"testdata/broken", "github.com/yaknb/yak/plugins/magic/testdata/broken", ""}, // go.mod wins over the comment
		{"testdata/nothing-here", "", "not a directory"},
	} {
		got, err := ImportPath(tc.dir)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ImportPath(%s) error = %v, want %q", tc.dir, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ImportPath(%s) = %q, %v; want %q", tc.dir, got, err, tc.want)
		}
	}
	// Outside any module the import comment is used.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x // import \"example.com/x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := ImportPath(dir); err != nil || got != "example.com/x" {
		t.Errorf("ImportPath(import comment) = %q, %v", got, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportPath(dir); err == nil || !strings.Contains(err.Error(), "%plugin load DIR IMPORTPATH") {
		t.Errorf("ImportPath without module or comment: %v", err)
	}
}

// TestLoadExample loads the example plugin from source into a real
// interpreter, calls it from a cell and checks that it reached the compiled
// runtime and the registry.
func TestLoadExample(t *testing.T) {
	e := newEngine(t)
	forget(t, "hello")
	var out strings.Builder
	if err := Plugin(e)("load ../../examples/plugins/hello", &out); err != nil {
		t.Fatal(err)
	}
	if want := "loaded " + helloPath + " from ../../examples/plugins/hello: registered hello"; !strings.Contains(out.String(), want) {
		t.Errorf("%%plugin load said %q, want %q", out.String(), want)
	}
	p, err := registry.Lookup("hello")
	if err != nil {
		t.Fatal(err)
	}
	if p.Version() != "0.1.0" || p.ImportPath() != helloPath {
		t.Errorf("registered %s %s %s", p.Name(), p.Version(), p.ImportPath())
	}
	// A cell imports it under its import path and calls it; Similarity's
	// product runs in the compiled gemm.
	e.value(t, `import "`+helloPath+`"`)
	if got := e.value(t, `hello.Greet("yak")`).String(); got != "hello, yak!" {
		t.Errorf("Greet = %q", got)
	}
	e.value(t, `m, err := hello.Similarity([]string{"a", "b"}, [][]float32{{3, 4}, {4, 3}})`)
	v := e.value(t, `m.At(0, 1)`)
	if got := v.Interface().(float32); got < 0.959 || got > 0.961 {
		t.Errorf("similarity = %v, want 24/25", got)
	}
	// Its magic and self-test, stored in registry.Meta, work from compiled code.
	out.Reset()
	if m, ok := Find("hello"); !ok {
		t.Error("Find(hello) found no magic")
	} else if err := m("plugins", &out); err != nil || out.String() != "hello, plugins!\n" {
		t.Errorf("%%hello wrote %q, %v", out.String(), err)
	}
	out.Reset()
	if err := Plugin(e)("test hello", &out); err != nil || !strings.Contains(out.String(), "self-test passed") {
		t.Errorf("%%plugin test hello: %q, %v", out.String(), err)
	}
	out.Reset()
	if err := Plugin(e)("info hello", &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"hello 0.1.0 — example source plugin", `import "` + helloPath + `"`, "Example:", "magics: %hello", "self-test: %plugin test hello"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("%%plugin info output lacks %q:\n%s", want, out.String())
		}
	}
	// Loading again in the same interpreter keeps the registration.
	out.Reset()
	if err := Plugin(e)("load "+helloDir(t), &out); err != nil || !strings.Contains(out.String(), "registered hello") {
		t.Errorf("second load: %q, %v", out.String(), err)
	}
}

// TestLoadAfterRestart loads the plugin into a second, fresh interpreter, as
// after a kernel restart: the old registration must not make Register panic.
func TestLoadAfterRestart(t *testing.T) {
	forget(t, "hello")
	for range 2 {
		e := newEngine(t)
		if _, err := Load(e, helloDir(t), ""); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadBroken(t *testing.T) {
	e := newEngine(t)
	_, err := Load(e, "testdata/broken", "")
	if err == nil {
		t.Fatal("a plugin that does not compile loaded")
	}
	abs, _ := filepath.Abs("testdata/broken/broken.go")
	for _, want := range []string{abs + ":10:9", "undefined: undefinedThing", "did not load"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), e.src.GoPath()) {
		t.Errorf("error %q shows the private GOPATH instead of the plugin's files", err)
	}
	// The interpreter is still usable.
	if got := e.value(t, `1 + 2`).Interface(); got != 3 {
		t.Errorf("after a failed load 1+2 = %v", got)
	}
	// A syntax error (written at test time: gofmt rejects such files).
	dir := t.TempDir()
	abs = filepath.Join(dir, "syntax.go")
	if err := os.WriteFile(abs, []byte("package syntax // import \"example.com/syntax\"\n\nfunc Broken() {\n\treturn 1 +\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(e, dir, ""); err == nil || !strings.Contains(err.Error(), abs+":5:1") {
		t.Errorf("syntax error: %v, want it at %s:5:1", err, abs)
	}
	if _, err := Load(e, "testdata/silent", ""); err == nil || !strings.Contains(err.Error(), "registered nothing") {
		t.Errorf("silent plugin: %v", err)
	}
}

func TestLoadPath(t *testing.T) {
	e := newEngine(t)
	forget(t, "hello")
	list := strings.Join([]string{"testdata/broken", "", helloDir(t), "testdata/missing"}, string(os.PathListSeparator))
	done, errs := LoadPath(e, list)
	if len(done) != 1 || done[0].Names[0] != "hello" {
		t.Errorf("loaded %+v, want hello only", done)
	}
	if len(errs) != 2 {
		t.Fatalf("errors = %v, want 2 (broken and missing)", errs)
	}
	for _, err := range errs {
		if !strings.HasPrefix(err.Error(), "YAK_PLUGIN_PATH: ") {
			t.Errorf("error %q does not say where the directory came from", err)
		}
	}
}

func TestPluginsMagic(t *testing.T) {
	registry.Register(registry.Meta{Name: "zz-test", Version: "9.9", Summary: "a test plugin", ImportPath: "example.com/zz"}.Plugin())
	forget(t, "zz-test")
	var out strings.Builder
	if err := Plugins("", &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if !strings.HasPrefix(lines[0], "NAME") || strings.Join(strings.Fields(lines[len(lines)-1]), " ") != "zz-test 9.9 example.com/zz a test plugin" {
		t.Errorf("%%plugins:\n%s", out.String())
	}
	for _, tc := range []struct{ args, err string }{
		{"", "usage: %plugin info NAME"},
		{"frob", `unknown subcommand "frob"`},
		{"info", "takes one plugin name"},
		{"info nobody", `no plugin named "nobody"`},
		{"test zz-test", "no self-test"},
		{"load", "takes a directory"},
	} {
		err := Plugin(nil)(tc.args, &out)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%%plugin %s: %v, want %q", tc.args, err, tc.err)
		}
	}
	if err := Plugins("x", &out); err == nil {
		t.Error("plugins magic with an argument should be an error")
	}
	if !errors.Is(registry.SelfTest(registry.Meta{Name: "x"}.Plugin()), registry.ErrNoSelfTest) {
		t.Error("unexpected self-test")
	}
}

// TestDisplayFromInterpretedCode checks that a type declared in interpreted
// code reaches display's contract through the generated wrappers.
func TestDisplayFromInterpretedCode(t *testing.T) {
	e := newEngine(t)
	rec := &recorder{}
	defer display.SetPublisher(display.SetPublisher(rec))
	e.value(t, `import "github.com/yaknb/yak/display"`)
	e.value(t, `type card struct{ title string }`)
	e.value(t, `func (c card) HTML() string { return "<h1>" + c.title + "</h1>" }`)
	e.value(t, `type both struct{}`)
	e.value(t, `func (both) HTML() string { return "<i>both</i>" }`)
	e.value(t, `func (both) String() string { return "both as text" }`)
	e.value(t, `type several struct{}`)
	e.value(t, `func (several) DisplayBundle() display.Bundle { return display.Bundle{Data: map[string]any{"text/markdown": "*md*", "text/html": "<p>h</p>"}} }`)
	e.value(t, `display.Display(card{"yak"})`)
	e.value(t, `display.Display(both{})`)
	e.value(t, `display.Update(display.DisplayID(several{}), card{"updated"})`)

	// Plugin types (interpreted too) and Render called from a cell.
	forget(t, "hello")
	if _, err := Load(e, helloDir(t), ""); err != nil {
		t.Fatal(err)
	}
	e.value(t, `import "`+helloPath+`"`)
	e.value(t, `m, _ := hello.Similarity([]string{"a"}, [][]float32{{2}})`)
	e.value(t, `hello.Show(m)`)
	rendered := e.value(t, `display.Render(m)`).Interface().(display.Bundle)

	want := []map[string]any{
		{"text/html": "<h1>yak</h1>"},
		{"text/html": "<i>both</i>", "text/plain": "both as text"},
		{"text/html": "<p>h</p>", "text/markdown": "*md*"},
		{"text/html": "<h1>updated</h1>"},
		{"text/html": "<table><tr><th></th><th>a</th></tr><tr><th>a</th><td>1.000</td></tr></table>", "text/plain": "a         1.000"},
	}
	if len(rec.got) != len(want) {
		t.Fatalf("published %d bundles, want %d", len(rec.got), len(want))
	}
	for i, w := range want {
		for k, v := range w {
			if got := rec.got[i].Data[k]; got != v {
				t.Errorf("bundle %d: %s = %v, want %v (bundle %v)", i, k, got, v, rec.got[i].Data)
			}
		}
	}
	if rendered.Data["text/html"] != want[4]["text/html"] {
		t.Errorf("display.Render(m) from a cell = %v", rendered.Data)
	}
}

type recorder struct{ got []display.Bundle }

func (r *recorder) Publish(b display.Bundle, update bool) { r.got = append(r.got, b) }
func (r *recorder) Clear(wait bool)                       {}
